'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';

import { listCustomerSubscribersQuery, subscriberPageSizes } from '@/lib/customers/schemas';
import type { SubscriberPackage } from '@/lib/generated/prisma/enums';
import { subscriberStatuses } from '@/lib/subscribers/schemas';
import { subscriberPackages } from '@/lib/templates/schemas';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { SupportCaseLink } from '@/components/ui/support-case-link';

import { SubscriberStatusBadge } from './customer-badges';
import {
  useChangePackage,
  useCustomerSubscribers,
  useSettledSubscriber,
  useRemoveSubscriber,
  useRetrySubscriber,
  useSubscriberProgress,
} from './customer-queries';
import { unsettledStatuses, type CustomerDetails, type CustomerSubscriber } from './customer-types';
import { Pager } from './pager';
import { useUrlQuery } from './use-url-query';

const selectClasses = [
  'rounded-md border border-line bg-white px-3 py-1.5 text-sm',
  'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
].join(' ');

type Dialog =
  | { kind: 'retry' | 'remove'; subscriber: CustomerSubscriber }
  | { kind: 'package'; subscriber: CustomerSubscriber; choice: SubscriberPackage };

const fullName = (subscriber: CustomerSubscriber) =>
  `${subscriber.firstName} ${subscriber.lastName}`;

/** Everything a support case needs about a failed subscriber, in one piece of text. */
function errorText(customer: CustomerDetails, subscriber: CustomerSubscriber): string {
  return [
    ...subscriber.errors.map((error) => `${error.errorCode}: ${error.description}`),
    `TrackingID: ${subscriber.trackingId ?? '-'}`,
    `User: ${subscriber.userId}${subscriber.email ? ` <${subscriber.email}>` : ''}`,
    `Customer org ID: ${customer.orgId}`,
    `Partner org ID: ${customer.partnerOrgId}`,
  ].join('\n');
}

/**
 * A row whose subscriber was just acted on: it shows the status the background work reports,
 * asking until that status has settled.
 */
function useFollowed(
  customerId: string,
  subscriber: CustomerSubscriber,
  since: number | undefined,
  onSettled: (subscriber: CustomerSubscriber) => void,
) {
  const progress = useSubscriberProgress(customerId, subscriber.id, since);
  const live = since ? (progress.data ?? subscriber) : subscriber;
  const settled = Boolean(
    since && progress.data && !unsettledStatuses.includes(progress.data.status),
  );

  useEffect(() => {
    if (settled && progress.data) onSettled(progress.data);
  }, [settled, progress.data, onSettled]);

  return { live, working: Boolean(since) && !settled };
}

function SubscriberRow({
  customer,
  subscriber,
  since,
  canWrite,
  onAction,
  onSettled,
}: {
  customer: CustomerDetails;
  subscriber: CustomerSubscriber;
  since: number | undefined;
  canWrite: boolean;
  onAction: (dialog: Dialog) => void;
  onSettled: (subscriber: CustomerSubscriber) => void;
}) {
  const t = useTranslations('customers.subscribers');
  const tPackages = useTranslations('customers.packages');
  const format = useFormatter();
  const { live, working } = useFollowed(customer.id, subscriber, since, onSettled);

  return (
    <tr className="align-top" data-testid="subscriber-row" data-user-id={live.userId}>
      <th scope="row" className="px-4 py-3 font-medium">
        {fullName(live)}
      </th>
      <td className="px-4 py-3 break-all">{live.email ?? '—'}</td>
      <td className="px-4 py-3 font-mono text-xs break-all">{live.userId}</td>
      <td className="px-4 py-3" data-testid="subscriber-package">
        {tPackages(live.package)}
      </td>
      <td className="px-4 py-3">
        <span className="flex items-center gap-2" aria-live="polite">
          <SubscriberStatusBadge status={live.status} />
          {working ? (
            <span className="flex items-center gap-1 text-xs text-muted" data-testid="working">
              <span
                aria-hidden="true"
                className="h-3 w-3 animate-spin rounded-full border-2 border-current border-r-transparent"
              />
              {t('working')}
            </span>
          ) : null}
        </span>
      </td>
      <td className="px-4 py-3 whitespace-nowrap text-muted">
        {format.dateTime(new Date(live.lastStatusChange), {
          dateStyle: 'short',
          timeStyle: 'short',
        })}
      </td>
      <td className="px-4 py-3">
        {live.errors.length > 0 ? (
          <div className="space-y-1" data-testid="subscriber-errors">
            {live.errors.map((error) => (
              <p key={error.errorCode} className="max-w-72 text-xs text-red-800">
                <code className="font-mono">{error.errorCode}</code> {error.description}
              </p>
            ))}
            {live.trackingId ? (
              <p className="text-xs text-muted">
                TrackingID <code className="font-mono">{live.trackingId}</code>
              </p>
            ) : null}
            <CopyButton
              value={errorText(customer, live)}
              label={t('copyError', { name: fullName(live) })}
            />
            <p>
              <SupportCaseLink
                trackingId={live.trackingId}
                customerOrgId={customer.orgId}
                email={live.email}
              />
            </p>
          </div>
        ) : (
          <span className="text-muted">—</span>
        )}
      </td>
      {canWrite ? (
        <td className="px-4 py-3">
          <div className="flex flex-wrap gap-2">
            {live.status === 'error' ? (
              <Button
                variant="secondary"
                className="px-2.5 py-1 text-xs"
                disabled={working}
                onClick={() => onAction({ kind: 'retry', subscriber: live })}
                aria-label={t('retryOf', { name: fullName(live) })}
              >
                {t('retry')}
              </Button>
            ) : null}
            <Button
              variant="secondary"
              className="px-2.5 py-1 text-xs"
              disabled={working}
              onClick={() => onAction({ kind: 'package', subscriber: live, choice: live.package })}
              aria-label={t('changePackageOf', { name: fullName(live) })}
            >
              {t('changePackage')}
            </Button>
            <Button
              variant="dangerOutline"
              className="px-2.5 py-1 text-xs"
              disabled={working}
              onClick={() => onAction({ kind: 'remove', subscriber: live })}
              aria-label={t('removeOf', { name: fullName(live) })}
            >
              {t('remove')}
            </Button>
          </div>
        </td>
      ) : null}
    </tr>
  );
}

function ActionDialog({
  customerId,
  dialog,
  onChange,
  onClose,
  onStarted,
  onRemoved,
}: {
  customerId: string;
  dialog: Dialog;
  onChange: (dialog: Dialog) => void;
  onClose: () => void;
  onStarted: (subscriber: CustomerSubscriber) => void;
  onRemoved: (subscriber: CustomerSubscriber) => void;
}) {
  const t = useTranslations('customers.subscribers');
  const tPackages = useTranslations('customers.packages');
  const retry = useRetrySubscriber(customerId);
  const change = useChangePackage(customerId);
  const remove = useRemoveSubscriber(customerId);
  const { subscriber } = dialog;
  const name = fullName(subscriber);
  const mutation = dialog.kind === 'retry' ? retry : dialog.kind === 'package' ? change : remove;

  async function confirm() {
    if (dialog.kind === 'retry') {
      onStarted(await retry.mutateAsync(subscriber.id));
    } else if (dialog.kind === 'package') {
      if (dialog.choice === subscriber.package) return onClose();
      onStarted(await change.mutateAsync({ subscriberId: subscriber.id, package: dialog.choice }));
    } else {
      await remove.mutateAsync(subscriber.id);
      onRemoved(subscriber);
    }
    onClose();
  }

  const error = mutation.error ? <ErrorNotice error={mutation.error} /> : null;

  return (
    <ConfirmDialog
      title={
        dialog.kind === 'retry'
          ? t('retryTitle', { name })
          : dialog.kind === 'package'
            ? t('packageTitle', { name })
            : t('removeTitle', { name })
      }
      confirmLabel={
        dialog.kind === 'retry'
          ? t('retryConfirm')
          : dialog.kind === 'package'
            ? t('packageConfirm')
            : t('removeConfirm')
      }
      tone={dialog.kind === 'remove' ? 'danger' : 'primary'}
      busy={mutation.isPending}
      onConfirm={() => void confirm().catch(() => {})}
      onCancel={onClose}
    >
      {dialog.kind === 'retry' ? (
        <p>{t('retryBody', { userId: subscriber.userId })}</p>
      ) : dialog.kind === 'package' ? (
        <>
          <p>{t('packageBody', { current: tPackages(subscriber.package) })}</p>
          <label className="flex flex-col gap-1">
            <span className="font-medium">{t('newPackage')}</span>
            <select
              value={dialog.choice}
              onChange={(event) =>
                onChange({ ...dialog, choice: event.target.value as SubscriberPackage })
              }
              className={selectClasses}
              data-testid="package-choice"
            >
              {subscriberPackages.map((item) => (
                <option key={item} value={item}>
                  {tPackages(item)}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : (
        <p>{t('removeBody', { userId: subscriber.userId })}</p>
      )}
      {error}
    </ConfirmDialog>
  );
}

/** The customer's subscribers, with filters, pages and, for full admins, the actions. */
export function CustomerSubscribers({
  customer,
  canWrite,
}: {
  customer: CustomerDetails;
  canWrite: boolean;
}) {
  const t = useTranslations('customers.subscribers');
  const tStatus = useTranslations('customers.subscriberStatus');
  const tPackages = useTranslations('customers.packages');
  const [query, setQuery] = useUrlQuery(listCustomerSubscribersQuery);
  const subscribers = useCustomerSubscribers(customer.id, query);
  const takeSettled = useSettledSubscriber(customer.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // Subscribers being followed after an action, with the moment the action was taken.
  const [followed, setFollowed] = useState<Record<string, number>>({});
  const [announcement, setAnnouncement] = useState('');

  const onSettled = useCallback(
    (subscriber: CustomerSubscriber) => {
      setFollowed(({ [subscriber.id]: _done, ...rest }) => rest);
      setAnnouncement(
        t('settled', { name: fullName(subscriber), status: tStatus(subscriber.status) }),
      );
      void takeSettled(subscriber);
    },
    [t, tStatus, takeSettled],
  );

  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? subscriberPageSizes[0];
  const data = subscribers.data;

  return (
    <section
      aria-labelledby="subscribers-heading"
      className="mb-6 rounded-lg border border-line bg-white"
    >
      <div className="flex flex-wrap items-end gap-3 border-b border-line px-4 py-3">
        <h2 id="subscribers-heading" className="mr-auto text-lg font-semibold">
          {t('title')}
        </h2>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{t('filterStatus')}</span>
          <select
            value={query.status ?? ''}
            onChange={(event) => setQuery({ status: event.target.value, page: undefined })}
            className={selectClasses}
            data-testid="subscriber-status-filter"
          >
            <option value="">{t('anyStatus')}</option>
            {subscriberStatuses.map((status) => (
              <option key={status} value={status}>
                {tStatus(status)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{t('filterPackage')}</span>
          <select
            value={query.package ?? ''}
            onChange={(event) => setQuery({ package: event.target.value, page: undefined })}
            className={selectClasses}
            data-testid="subscriber-package-filter"
          >
            <option value="">{t('anyPackage')}</option>
            {subscriberPackages.map((item) => (
              <option key={item} value={item}>
                {tPackages(item)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <p role="status" className="sr-only">
        {announcement}
      </p>

      {subscribers.isPending ? (
        <p role="status" className="px-4 py-6 text-sm text-muted">
          {t('loading')}
        </p>
      ) : subscribers.isError ? (
        <div className="p-4">
          <ErrorNotice error={subscribers.error} />
        </div>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="subscriber-table">
              <caption className="sr-only">{t('caption', { name: customer.name })}</caption>
              <thead className="border-b border-line text-xs text-muted">
                <tr>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('columns.name')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('columns.email')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('columns.userId')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('columns.package')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('columns.status')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('columns.lastStatusChange')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('columns.errors')}
                  </th>
                  {canWrite ? (
                    <th scope="col" className="px-4 py-2 font-semibold">
                      {t('columns.actions')}
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {data!.items.map((subscriber) => (
                  <SubscriberRow
                    key={subscriber.id}
                    customer={customer}
                    subscriber={subscriber}
                    since={followed[subscriber.id]}
                    canWrite={canWrite}
                    onAction={setDialog}
                    onSettled={onSettled}
                  />
                ))}
              </tbody>
            </table>
            {data!.items.length === 0 ? (
              <p className="px-4 py-6 text-center text-sm text-muted">{t('none')}</p>
            ) : null}
          </div>
          <Pager
            page={page}
            pageSize={pageSize}
            total={data!.total}
            onPage={(next) => setQuery({ page: next === 1 ? undefined : next })}
            label={t('pagerLabel')}
          />
        </>
      )}

      {dialog && canWrite ? (
        <ActionDialog
          key={`${dialog.kind}:${dialog.subscriber.id}`}
          customerId={customer.id}
          dialog={dialog}
          onChange={setDialog}
          onClose={() => setDialog(null)}
          onStarted={(subscriber) => {
            if (unsettledStatuses.includes(subscriber.status)) {
              setFollowed((current) => ({ ...current, [subscriber.id]: Date.now() }));
              setAnnouncement(t('started', { name: fullName(subscriber) }));
            } else {
              onSettled(subscriber);
            }
          }}
          onRemoved={(subscriber) => setAnnouncement(t('removed', { name: fullName(subscriber) }))}
        />
      ) : null}
    </section>
  );
}
