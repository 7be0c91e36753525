'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';

import { PageHeader } from '@/components/empty-state';
import { buttonClasses, Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { SelectField, TextField } from '@/components/ui/field';
import { StatusBadge } from '@/components/ui/status-badge';
import {
  auditExportMaxRows,
  auditExportQuery,
  type AuditLogEntry,
} from '@/lib/support-tools/audit-log';

import { SupportBreadcrumbs } from './support-breadcrumbs';
import { auditQueryString, useAuditLog, type AuditFilterValues } from './support-tools-queries';

const filterNames = ['actor', 'action', 'target', 'from', 'to'] as const;

function filtersFrom(searchParams: URLSearchParams): AuditFilterValues {
  return Object.fromEntries(
    filterNames.flatMap((name) => {
      const value = searchParams.get(name)?.trim();
      return value ? [[name, value]] : [];
    }),
  );
}

/** Support › Audit log: the partner's audit entries, filtered, paged and exportable as CSV. */
export function AuditLogView() {
  const t = useTranslations('supportTools.audit');
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const filters = filtersFrom(searchParams);
  const filterKey = auditQueryString(filters);
  const valid = auditExportQuery.safeParse(filters).success;

  // The cursors of the pages before this one; the list starts over when the filters change.
  const [trail, setTrail] = useState<{ key: string; cursors: string[] }>({
    key: filterKey,
    cursors: [],
  });
  const cursors = trail.key === filterKey ? trail.cursors : [];
  const audit = useAuditLog(filters, cursors.at(-1));
  const data = audit.data;

  const [draft, setDraft] = useState<AuditFilterValues>(filters);
  const [draftKey, setDraftKey] = useState(filterKey);
  if (draftKey !== filterKey) {
    setDraft(filters);
    setDraftKey(filterKey);
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const text = auditQueryString(draft);
    window.history.pushState(null, '', text ? `${pathname}?${text}` : pathname);
  }

  function clear() {
    setDraft({});
    window.history.pushState(null, '', pathname);
  }

  const set = (name: keyof AuditFilterValues, value: string) =>
    setDraft((current) => ({ ...current, [name]: value }));

  return (
    <>
      <SupportBreadcrumbs current={t('title')} />
      <PageHeader title={t('title')}>
        <div className="text-right">
          <a
            href={`/api/support/audit/export${filterKey ? `?${filterKey}` : ''}`}
            download
            data-testid="audit-export"
            className={buttonClasses('secondary')}
          >
            {t('export')}
          </a>
          <p className="mt-1 text-xs text-muted">
            {t('exportHint', { max: auditExportMaxRows.toLocaleString() })}
          </p>
        </div>
      </PageHeader>
      <p className="mb-6 max-w-3xl text-sm text-muted">{t('intro')}</p>

      <form
        onSubmit={apply}
        noValidate
        aria-label={t('filtersLabel')}
        className="mb-6 grid gap-4 rounded-lg border border-line bg-white px-4 py-4 sm:grid-cols-2 lg:grid-cols-6"
      >
        <TextField
          label={t('actor')}
          hint={t('actorHint')}
          name="actor"
          value={draft.actor ?? ''}
          onChange={(event) => set('actor', event.target.value)}
        />
        <SelectField
          label={t('action')}
          name="action"
          value={draft.action ?? ''}
          onChange={(event) => set('action', event.target.value)}
        >
          <option value="">{t('allActions')}</option>
          {[...new Set([...(data?.actions ?? []), ...(draft.action ? [draft.action] : [])])].map(
            (action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ),
          )}
        </SelectField>
        <TextField
          label={t('target')}
          hint={t('targetHint')}
          name="target"
          value={draft.target ?? ''}
          onChange={(event) => set('target', event.target.value)}
        />
        <TextField
          label={t('from')}
          name="from"
          type="date"
          value={draft.from ?? ''}
          onChange={(event) => set('from', event.target.value)}
        />
        <TextField
          label={t('to')}
          name="to"
          type="date"
          value={draft.to ?? ''}
          error={!valid && filters.from && filters.to ? t('periodInvalid') : undefined}
          onChange={(event) => set('to', event.target.value)}
        />
        <div className="flex items-start gap-2 pt-6">
          <Button type="submit">{t('apply')}</Button>
          <Button variant="secondary" onClick={clear}>
            {t('clear')}
          </Button>
        </div>
      </form>

      {audit.isError ? (
        <ErrorNotice
          error={audit.error}
          actions={
            <Button variant="secondary" onClick={() => void audit.refetch()}>
              {t('retry')}
            </Button>
          }
        />
      ) : !data ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : (
        <section className="rounded-lg border border-line bg-white" aria-busy={audit.isFetching}>
          {data.items.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-muted" data-testid="audit-empty">
              {t('empty')}
            </p>
          ) : (
            <AuditTable entries={data.items} />
          )}
          {cursors.length > 0 || data.nextCursor ? (
            <nav
              aria-label={t('pagination')}
              className="flex items-center justify-between gap-3 border-t border-line px-4 py-3 text-sm"
            >
              <Button
                variant="secondary"
                disabled={cursors.length === 0}
                onClick={() => setTrail({ key: filterKey, cursors: cursors.slice(0, -1) })}
              >
                {t('newer')}
              </Button>
              <p className="text-muted">{t('pageNumber', { page: cursors.length + 1 })}</p>
              <Button
                variant="secondary"
                disabled={!data.nextCursor || audit.isPlaceholderData}
                onClick={() =>
                  data.nextCursor &&
                  setTrail({ key: filterKey, cursors: [...cursors, data.nextCursor] })
                }
              >
                {t('older')}
              </Button>
            </nav>
          ) : null}
        </section>
      )}
    </>
  );
}

function AuditTable({ entries }: { entries: AuditLogEntry[] }) {
  const t = useTranslations('supportTools.audit');
  const format = useFormatter();

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <caption className="sr-only">{t('tableCaption')}</caption>
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            {(['time', 'actor', 'action', 'target', 'outcome', 'trackingId'] as const).map(
              (column) => (
                <th key={column} scope="col" className="px-4 py-2 font-semibold">
                  {t(`columns.${column}`)}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
              <td className="px-4 py-2 whitespace-nowrap text-muted">
                {format.dateTime(new Date(entry.time), {
                  dateStyle: 'medium',
                  timeStyle: 'medium',
                })}
              </td>
              <td className="px-4 py-2 break-all">{entry.actor}</td>
              <td className="px-4 py-2 font-mono text-xs">{entry.action}</td>
              <td className="px-4 py-2 font-mono text-xs break-all">
                {[entry.targetType, entry.targetId].filter(Boolean).join(' ')}
              </td>
              <td className="px-4 py-2">
                <StatusBadge tone={entry.outcome === 'success' ? 'success' : 'error'}>
                  {entry.outcome === 'success' || entry.outcome === 'failure'
                    ? t(`outcome.${entry.outcome}`)
                    : entry.outcome}
                </StatusBadge>
              </td>
              <td className="px-4 py-2">
                <Link
                  href={`/support/lookup?${new URLSearchParams({ trackingId: entry.trackingId })}`}
                  className="font-mono text-xs text-brand-700 hover:underline"
                >
                  {entry.trackingId}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
