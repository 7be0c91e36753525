'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent, type ReactNode } from 'react';

import { PageHeader } from '@/components/empty-state';
import { isApiError } from '@/components/ui/api-client';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { TextField } from '@/components/ui/field';
import { StatusBadge } from '@/components/ui/status-badge';
import { SupportCaseLink } from '@/components/ui/support-case-link';
import { isTrackingId } from '@/lib/observability/tracking-id';
import type { TrackingLookup } from '@/lib/support-tools/tracking-lookup';

import { SupportBreadcrumbs } from './support-breadcrumbs';
import { useTrackingLookup } from './support-tools-queries';

/** Support › TrackingID lookup: the request a TrackingID belongs to and what it changed. */
export function TrackingLookupView() {
  const t = useTranslations('supportTools.lookup');
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const asked = searchParams.get('trackingId')?.trim() ?? '';
  const [value, setValue] = useState(asked);
  const [error, setError] = useState<string>();
  const lookup = useTrackingLookup(isTrackingId(asked) ? asked : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trackingId = value.trim();
    if (!trackingId) return setError(t('required'));
    if (!isTrackingId(trackingId)) return setError(t('format'));

    setError(undefined);
    window.history.pushState(null, '', `${pathname}?${new URLSearchParams({ trackingId })}`);
  }

  return (
    <>
      <SupportBreadcrumbs current={t('title')} />
      <PageHeader title={t('title')} />
      <p className="mb-6 max-w-3xl text-sm text-muted">{t('intro')}</p>

      <form
        onSubmit={submit}
        noValidate
        className="mb-8 flex max-w-2xl flex-wrap items-end gap-3"
        role="search"
      >
        <div className="min-w-72 flex-1">
          <TextField
            label={t('label')}
            hint={t('hint')}
            error={error ?? (asked && !isTrackingId(asked) ? t('format') : undefined)}
            name="trackingId"
            value={value}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            onChange={(event) => setValue(event.target.value)}
          />
        </div>
        <Button type="submit" busy={lookup.isFetching} className="mb-6">
          {lookup.isFetching ? t('searching') : t('submit')}
        </Button>
      </form>

      {lookup.isError ? (
        isApiError(lookup.error, 404) ? (
          <p role="status" className="max-w-3xl text-sm" data-testid="lookup-not-found">
            {t('notFound')}
          </p>
        ) : (
          <ErrorNotice error={lookup.error} />
        )
      ) : lookup.data ? (
        <LookupResult found={lookup.data} />
      ) : null}
    </>
  );
}

function LookupResult({ found }: { found: TrackingLookup }) {
  const t = useTranslations('supportTools.lookup');
  const tUi = useTranslations('ui');
  const format = useFormatter();
  const when = (value: string) =>
    format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'medium' });
  const request = found.request;

  return (
    <div className="space-y-8" data-testid="lookup-result">
      <section className="rounded-lg border border-line bg-white px-5 py-4">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-base font-semibold">{t('requestTitle')}</h2>
          <p className="flex flex-wrap items-center gap-2 text-xs">
            <code className="font-mono">{found.trackingId}</code>
            <CopyButton value={found.trackingId} label={tUi('copyTrackingId')} />
            <SupportCaseLink trackingId={found.trackingId} email={request?.userEmail} />
          </p>
        </div>
        {request ? (
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
            <Fact label={t('time')}>{when(request.time)}</Fact>
            <Fact label={t('method')}>
              <code className="font-mono" data-testid="lookup-request">
                {request.method} {request.route}
              </code>
            </Fact>
            <Fact label={t('status')}>
              <StatusBadge
                tone={request.status >= 400 ? 'error' : 'success'}
                testId="lookup-status"
              >
                {String(request.status)}
              </StatusBadge>
            </Fact>
            <Fact label={t('duration')}>{t('durationValue', { ms: request.durationMs })}</Fact>
            <Fact label={t('caller')}>
              <span data-testid="lookup-caller">
                {request.userEmail
                  ? t('user', { email: request.userEmail })
                  : request.credential
                    ? t('credential', { credential: request.credential })
                    : t('unknownCaller')}
              </span>
            </Fact>
            <Fact label={t('errorCode')}>
              {request.errorCode ? (
                <code className="font-mono" data-testid="lookup-error-code">
                  {request.errorCode}
                </code>
              ) : (
                t('noError')
              )}
            </Fact>
            {request.clientIp ? <Fact label={t('clientIp')}>{request.clientIp}</Fact> : null}
          </dl>
        ) : (
          <p className="text-sm text-muted">{t('noRequest')}</p>
        )}
      </section>

      <section>
        <h2 className="mb-2 text-base font-semibold">{t('auditTitle')}</h2>
        {found.auditEntries.length === 0 ? (
          <p className="text-sm text-muted">{t('noAudit')}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-line bg-white">
            <table className="w-full text-left text-sm" data-testid="lookup-audit">
              <thead className="border-b border-line text-xs text-muted">
                <tr>
                  {(['time', 'actor', 'action', 'target', 'outcome'] as const).map((column) => (
                    <th key={column} scope="col" className="px-4 py-2 font-semibold">
                      {t(`columns.${column}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {found.auditEntries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="px-4 py-2 whitespace-nowrap text-muted">{when(entry.time)}</td>
                    <td className="px-4 py-2">{entry.actor}</td>
                    <td className="px-4 py-2 font-mono text-xs">{entry.action}</td>
                    <td className="px-4 py-2 font-mono text-xs break-all">
                      {[entry.targetType, entry.targetId].filter(Boolean).join(' ')}
                    </td>
                    <td className="px-4 py-2">{entry.outcome}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-muted">{label}</dt>
      <dd className="mt-1">{children}</dd>
    </div>
  );
}
