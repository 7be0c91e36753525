'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

import { isApiError } from './api-client';
import { CopyButton } from './copy-button';
import { SupportCaseLink } from './support-case-link';

/** The admin-facing headline for a failed call; the API's own words only where none fits. */
export function useApiErrorTitle(): (error: unknown) => string {
  const t = useTranslations('apiError');

  return (error) => {
    if (!isApiError(error)) return t('unexpected');
    if (error.status === 0) return t('network');
    if (error.status === 400) return t('validation');
    if (error.status === 401) return t('signedOut');
    if (error.status === 403) return t('forbidden');
    if (error.status === 404) return t('notFound');
    if (error.status === 429) return t('tooMany');
    if (error.status === 503) return t('unavailable');
    if (error.status >= 500) return t('server');
    return error.message;
  };
}

/** An error box that carries the TrackingID, so the admin can quote it in a support case. */
export function ErrorNotice({
  error,
  title,
  children,
  actions,
}: {
  error: unknown;
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const t = useTranslations('ui');
  const titleOf = useApiErrorTitle();
  const trackingId = isApiError(error) ? error.trackingId : null;
  const details =
    isApiError(error) && error.status >= 400 && error.status < 500 && !children
      ? error.generalErrors
      : [];

  return (
    <div
      role="alert"
      data-testid="error-notice"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
    >
      <p className="font-medium">{title ?? titleOf(error)}</p>
      {details.length > 0 ? (
        <ul className="mt-1 list-disc space-y-0.5 pl-5">
          {details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      ) : null}
      {children ? <div className="mt-2 space-y-2">{children}</div> : null}
      {trackingId ? (
        <p className="mt-2 flex flex-wrap items-center gap-2 text-xs text-red-800">
          <span>
            {t('trackingId')}: <code className="font-mono">{trackingId}</code>
          </span>
          <CopyButton value={trackingId} label={t('copyTrackingId')} />
          <SupportCaseLink trackingId={trackingId} />
        </p>
      ) : null}
      {actions ? <div className="mt-3 flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}
