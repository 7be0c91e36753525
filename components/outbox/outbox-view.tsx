'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';

import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';
import { EmptyState, PageHeader } from '@/components/empty-state';
import type { OutboxStatus } from '@/lib/generated/prisma/enums';
import { outboxStatuses } from '@/lib/outbox/outbox-list';

import { useOutbox } from './outbox-queries';
import type { OutboxMessage, OutboxPage } from './outbox-types';
import { useOutboxFilters } from './use-outbox-filters';

const statusTones: Record<OutboxStatus, BadgeTone> = {
  pending: 'neutral',
  held: 'warning',
  sent: 'success',
  failed: 'error',
};

const toolbarClasses =
  'flex flex-wrap items-center justify-between gap-3 border-b border-line px-4 py-3';

const selectClasses = [
  'rounded-md border border-line bg-white px-3 py-1.5 text-sm',
  'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
].join(' ');

/** Support › Outbox: the emails the hub sends, newest first, by status and page. */
export function OutboxView() {
  const t = useTranslations('outbox');
  const tNav = useTranslations('nav');
  const [filters, setFilters] = useOutboxFilters();
  const outbox = useOutbox(filters);
  const data = outbox.data;

  return (
    <>
      <Breadcrumbs
        label={t('breadcrumbs')}
        items={[
          <Link key="support" href="/support" className="hover:underline">
            {tNav('support')}
          </Link>,
          t('title'),
        ]}
      />
      <PageHeader title={t('title')}>
        {data ? (
          <Button
            variant="secondary"
            busy={outbox.isFetching}
            onClick={() => void outbox.refetch()}
          >
            {t('refresh')}
          </Button>
        ) : null}
      </PageHeader>
      <p className="mb-6 max-w-3xl text-sm text-muted">{t('intro')}</p>

      {outbox.isError ? (
        <ErrorNotice
          error={outbox.error}
          actions={
            <Button variant="secondary" onClick={() => void outbox.refetch()}>
              {t('retry')}
            </Button>
          }
        />
      ) : !data ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : data.total === 0 && !filters.status ? (
        <EmptyState title={t('emptyTitle')} body={t('emptyBody')} />
      ) : (
        <section aria-label={t('listLabel')} className="rounded-lg border border-line bg-white">
          <div className={toolbarClasses}>
            <label className="flex items-center gap-2 text-sm">
              <span>{t('filterLabel')}</span>
              <select
                value={filters.status ?? ''}
                onChange={(event) =>
                  setFilters({
                    status: outboxStatuses.find((status) => status === event.target.value),
                    page: 1,
                  })
                }
                className={selectClasses}
              >
                <option value="">{t('allStatuses')}</option>
                {outboxStatuses.map((status) => (
                  <option key={status} value={status}>
                    {t(`status.${status}`)}
                  </option>
                ))}
              </select>
            </label>
            <p className="text-sm text-muted" aria-live="polite">
              {data.items.length > 0
                ? t('shown', {
                    from: (data.page - 1) * data.pageSize + 1,
                    to: (data.page - 1) * data.pageSize + data.items.length,
                    total: data.total,
                  })
                : null}
            </p>
          </div>

          <OutboxTable messages={data.items} />
          {data.items.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-muted">
              {data.total === 0 ? t('noMatch') : t('emptyPage')}
            </p>
          ) : null}

          <Pagination
            data={data}
            onPage={(page) => setFilters({ ...filters, page })}
            busy={outbox.isPlaceholderData}
          />
        </section>
      )}
    </>
  );
}

function OutboxTable({ messages }: { messages: OutboxMessage[] }) {
  const t = useTranslations('outbox');
  const format = useFormatter();
  const when = (value: string) =>
    format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="outbox-table">
        <caption className="sr-only">{t('tableCaption')}</caption>
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-semibold">
              {t('columns.created')}
            </th>
            <th scope="col" className="px-4 py-2 font-semibold">
              {t('columns.recipient')}
            </th>
            <th scope="col" className="px-4 py-2 font-semibold">
              {t('columns.subject')}
            </th>
            <th scope="col" className="px-4 py-2 font-semibold">
              {t('columns.kind')}
            </th>
            <th scope="col" className="px-4 py-2 font-semibold">
              {t('columns.status')}
            </th>
            <th scope="col" className="px-4 py-2 font-semibold">
              {t('columns.sent')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {messages.map((message) => (
            <tr key={message.id} data-testid="outbox-row" data-status={message.status}>
              <td className="px-4 py-3 whitespace-nowrap text-muted">{when(message.createdAt)}</td>
              <th scope="row" className="px-4 py-3 font-medium">
                {message.recipient}
              </th>
              <td className="px-4 py-3">{message.subject}</td>
              <td className="px-4 py-3">
                {t.has(`kinds.${message.kind}`) ? t(`kinds.${message.kind}`) : message.kind}
              </td>
              <td className="px-4 py-3">
                <StatusBadge tone={statusTones[message.status]} testId="outbox-status">
                  {t(`status.${message.status}`)}
                </StatusBadge>
                {message.statusReason ? (
                  <p className="mt-1 max-w-xs text-xs text-muted" data-testid="outbox-reason">
                    {message.statusReason}
                  </p>
                ) : null}
              </td>
              <td className="px-4 py-3 whitespace-nowrap text-muted">
                {message.sentAt ? when(message.sentAt) : t('notSent')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Pagination({
  data,
  onPage,
  busy,
}: {
  data: OutboxPage;
  onPage: (page: number) => void;
  busy: boolean;
}) {
  const t = useTranslations('outbox');
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  if (pages === 1 && data.page === 1) return null;

  return (
    <nav
      aria-label={t('pagination')}
      aria-busy={busy || undefined}
      className="flex items-center justify-between gap-3 border-t border-line px-4 py-3 text-sm"
    >
      <Button
        variant="secondary"
        disabled={data.page <= 1}
        onClick={() => onPage(Math.min(data.page - 1, pages))}
      >
        {t('previous')}
      </Button>
      <p className="text-muted">{t('pageOf', { page: data.page, pages })}</p>
      <Button
        variant="secondary"
        disabled={data.page >= pages}
        onClick={() => onPage(data.page + 1)}
      >
        {t('next')}
      </Button>
    </nav>
  );
}
