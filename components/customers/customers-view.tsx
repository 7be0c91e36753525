'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

import {
  customerPageSizes,
  customerStatuses,
  listCustomersQuery,
  type CustomerSort,
} from '@/lib/customers/schemas';
import { subscriberPackages } from '@/lib/templates/schemas';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { clusterHref, templateHref } from '@/components/ui/settings-links';
import { SortHeader, type SortState } from '@/components/ui/sort-header';
import { EmptyState, PageHeader } from '@/components/empty-state';
import { useTemplates } from '@/components/templates/template-queries';

import { CustomerStatusBadge } from './customer-badges';
import { useCustomers } from './customer-queries';
import type { Customer } from './customer-types';
import { Pager } from './pager';
import { useUrlQuery } from './use-url-query';

const searchDelayMs = 250;

const selectClasses = [
  'rounded-md border border-line bg-white px-3 py-1.5 text-sm',
  'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
].join(' ');

export const customerHref = (id: string) => `/customers/${encodeURIComponent(id)}`;

function SubscriberCounts({ customer }: { customer: Customer }) {
  const t = useTranslations('customers.packages');

  return (
    <span className="flex flex-wrap gap-x-2 gap-y-0.5 text-xs text-muted">
      {subscriberPackages.map((name) => (
        <span key={name} className="whitespace-nowrap">
          {t(name)}{' '}
          <span className="font-medium text-ink tabular-nums">
            {customer.subscriberCounts[name]}
          </span>
        </span>
      ))}
    </span>
  );
}

/** Customers: one search box for every kind of ID, filters, sortable columns and pages. */
export function CustomersView() {
  const t = useTranslations('customers');
  const format = useFormatter();
  const [query, setQuery] = useUrlQuery(listCustomersQuery);
  const [text, setText] = useState(query.q ?? '');
  // The search last written to the URL: a different one there came from a link or the history.
  const [writtenQ, setWrittenQ] = useState(query.q ?? '');
  const customers = useCustomers(query);
  const templates = useTemplates();

  if ((query.q ?? '') !== writtenQ) {
    setWrittenQ(query.q ?? '');
    setText(query.q ?? '');
  }

  // Results follow the typing, once it pauses; a new search starts on its first page.
  useEffect(() => {
    const typed = text.trim();
    if (typed === writtenQ) return;
    const timer = setTimeout(() => {
      setWrittenQ(typed);
      setQuery({ q: typed, page: undefined });
    }, searchDelayMs);
    return () => clearTimeout(timer);
  }, [text, writtenQ, setQuery]);

  const sort: SortState<CustomerSort> | null = query.sort
    ? { key: query.sort, direction: query.direction === 'desc' ? 'descending' : 'ascending' }
    : query.q
      ? null
      : { key: 'created', direction: 'descending' };
  const onSort = (next: SortState<CustomerSort>) =>
    setQuery({
      sort: next.key,
      direction: next.direction === 'descending' ? 'desc' : 'asc',
      page: undefined,
    });
  // Without a chosen order a search shows the closest matches first; no column is sorted then.
  const sortState = sort ?? { key: '' as CustomerSort, direction: 'ascending' as const };

  const data = customers.data;
  const filtered = Boolean(query.q || query.status || query.templateId);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? customerPageSizes[0];

  const header = (column: CustomerSort, label: string, className = '') => (
    <SortHeader
      column={column}
      sort={sortState}
      onSort={onSort}
      className={`px-3 py-2 ${className}`}
    >
      {label}
    </SortHeader>
  );

  return (
    <>
      <PageHeader title={t('title')} />

      <section aria-label={t('listLabel')} className="rounded-lg border border-line bg-white">
        <div className="flex flex-wrap items-end gap-3 border-b border-line px-4 py-3">
          <label className="flex min-w-72 flex-1 flex-col gap-1 text-sm">
            <span className="font-medium">{t('search')}</span>
            <input
              type="search"
              value={text}
              onChange={(event) => setText(event.target.value)}
              placeholder={t('searchPlaceholder')}
              aria-describedby="customer-search-hint"
              data-testid="customer-search"
              className={[
                'rounded-md border border-line px-3 py-1.5',
                'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
              ].join(' ')}
            />
            <span id="customer-search-hint" className="text-xs text-muted">
              {t('searchHint')}
            </span>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t('filters.status')}</span>
            <select
              value={query.status ?? ''}
              onChange={(event) => setQuery({ status: event.target.value, page: undefined })}
              className={selectClasses}
              data-testid="status-filter"
            >
              <option value="">{t('filters.anyStatus')}</option>
              {customerStatuses.map((status) => (
                <option key={status} value={status}>
                  {t(`status.${status}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t('filters.template')}</span>
            <select
              value={query.templateId ?? ''}
              onChange={(event) => setQuery({ templateId: event.target.value, page: undefined })}
              className={selectClasses}
              data-testid="template-filter"
            >
              <option value="">{t('filters.anyTemplate')}</option>
              {(templates.data ?? []).map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t('filters.pageSize')}</span>
            <select
              value={pageSize}
              onChange={(event) => setQuery({ pageSize: event.target.value, page: undefined })}
              className={selectClasses}
            >
              {customerPageSizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
          <p role="status" className="ml-auto pb-1.5 text-sm text-muted">
            {customers.isFetching && data ? t('searching') : ''}
          </p>
        </div>

        {customers.isPending ? (
          <p role="status" className="px-4 py-6 text-sm text-muted">
            {t('loading')}
          </p>
        ) : customers.isError ? (
          <div className="p-4">
            <ErrorNotice
              error={customers.error}
              actions={
                <Button variant="secondary" onClick={() => void customers.refetch()}>
                  {t('retryLoad')}
                </Button>
              }
            />
          </div>
        ) : data!.total === 0 && !filtered ? (
          <div className="p-4">
            <EmptyState title={t('emptyTitle')} body={t('emptyBody')} />
          </div>
        ) : (
          <>
            <div className="overflow-x-auto">
              <table
                className="w-full text-left text-sm"
                data-testid="customer-table"
                aria-busy={customers.isFetching || undefined}
              >
                <caption className="sr-only">{t('tableCaption')}</caption>
                <thead className="border-b border-line text-xs text-muted">
                  <tr>
                    {header('name', t('columns.name'))}
                    <th scope="col" className="px-4 py-2 font-semibold">
                      {t('columns.orgId')}
                    </th>
                    {header('status', t('columns.status'))}
                    {header('template', t('columns.template'))}
                    {header('cluster', t('columns.cluster'))}
                    <th scope="col" className="px-4 py-2 font-semibold">
                      {t('columns.subscribers')}
                    </th>
                    {header('created', t('columns.created'))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-line">
                  {data!.items.map((customer) => (
                    <tr
                      key={customer.id}
                      className="align-top hover:bg-brand-50"
                      data-testid="customer-row"
                    >
                      <th scope="row" className="px-4 py-3 font-medium">
                        <Link
                          href={customerHref(customer.id)}
                          className="text-brand-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
                        >
                          {customer.name}
                        </Link>
                        {customer.matchedField ? (
                          <span
                            className="mt-1 block text-xs font-normal text-muted"
                            data-testid="matched-field"
                            data-field={customer.matchedField}
                          >
                            {t('matched', { field: t(`matchedFields.${customer.matchedField}`) })}
                          </span>
                        ) : null}
                      </th>
                      <td className="px-4 py-3">
                        <span className="flex items-center gap-2">
                          <code className="font-mono text-xs break-all" data-testid="org-id">
                            {customer.orgId}
                          </code>
                          <CopyButton
                            value={customer.orgId}
                            label={t('copyOrgIdOf', { name: customer.name })}
                          />
                        </span>
                      </td>
                      <td className="px-4 py-3">
                        <CustomerStatusBadge status={customer.status} />
                        {customer.status === 'error' && customer.errorReason ? (
                          <span className="mt-1 block max-w-56 text-xs text-red-800">
                            {customer.errorReason}
                          </span>
                        ) : null}
                      </td>
                      <td className="px-4 py-3">
                        <Link
                          href={templateHref(customer.template.id)}
                          className="text-brand-700 hover:underline"
                        >
                          {customer.template.name}
                        </Link>
                      </td>
                      <td className="px-4 py-3">
                        <Link
                          href={clusterHref(customer.cluster.id)}
                          className="text-brand-700 hover:underline"
                        >
                          {customer.cluster.name}
                        </Link>
                      </td>
                      <td className="px-4 py-3">
                        <span className="block font-medium tabular-nums">
                          {t('subscriberTotal', { count: customer.subscriberTotal })}
                        </span>
                        <SubscriberCounts customer={customer} />
                      </td>
                      <td className="px-4 py-3 whitespace-nowrap text-muted">
                        {format.dateTime(new Date(customer.created), { dateStyle: 'medium' })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data!.items.length === 0 ? (
                <p className="px-4 py-6 text-center text-sm text-muted" data-testid="no-match">
                  {t('noMatch')}
                </p>
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
      </section>
    </>
  );
}
