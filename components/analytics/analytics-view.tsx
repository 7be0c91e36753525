'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';

import {
  analyticsFilters,
  analyticsPeriods,
  analyticsQuery,
  defaultPeriod,
  maxRangeDays,
} from '@/lib/analytics/schemas';
import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { PageHeader } from '@/components/empty-state';
import { useUrlQuery } from '@/components/customers/use-url-query';
import { useTemplates } from '@/components/templates/template-queries';

import {
  CustomersPerWeek,
  FailuresByErrorCode,
  RequestsPerDay,
  SubscribersByPackage,
  SubscribersByStatus,
  TopCustomers,
} from './analytics-charts';
import { useAnalytics } from './analytics-queries';

const fieldClasses = [
  'rounded-md border border-line bg-white px-3 py-1.5 text-sm',
  'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
].join(' ');

/** Dates chosen by hand, applied to the URL together once both are there and in order. */
function DateRange({
  from,
  to,
  onApply,
}: {
  from?: string;
  to?: string;
  onApply: (range: { from: string; to: string }) => void;
}) {
  const t = useTranslations('analytics.filters');
  const [draft, setDraft] = useState({ from: from ?? '', to: to ?? '' });
  const [invalid, setInvalid] = useState(false);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const valid = analyticsQuery.safeParse(draft).success && draft.from !== '';
    setInvalid(!valid);
    if (valid) onApply(draft);
  };

  return (
    <form onSubmit={apply} className="flex flex-wrap items-end gap-3" noValidate>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">{t('from')}</span>
        <input
          type="date"
          value={draft.from}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          className={fieldClasses}
          data-testid="from-filter"
          aria-invalid={invalid || undefined}
          aria-describedby="analytics-range-hint"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">{t('to')}</span>
        <input
          type="date"
          value={draft.to}
          onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          className={fieldClasses}
          data-testid="to-filter"
          aria-invalid={invalid || undefined}
          aria-describedby="analytics-range-hint"
        />
      </label>
      <Button type="submit" variant="secondary">
        {t('apply')}
      </Button>
      <p
        id="analytics-range-hint"
        className={`w-full text-xs ${invalid ? 'text-red-800' : 'text-muted'}`}
        role={invalid ? 'alert' : undefined}
      >
        {invalid ? t('rangeInvalid', { max: maxRangeDays }) : t('rangeHint')}
      </p>
    </form>
  );
}

function Total({ label, value, testId }: { label: string; value: number; testId: string }) {
  const format = useFormatter();

  return (
    <div className="rounded-lg border border-line bg-white px-4 py-3">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {format.number(value)}
      </dd>
    </div>
  );
}

/** Analytics: charts of the partner's subscribers, customers and provisioning traffic. */
export function AnalyticsView() {
  const t = useTranslations('analytics');
  const format = useFormatter();
  const [filters, setFilters] = useUrlQuery(analyticsFilters);
  const [customChosen, setCustomChosen] = useState(false);
  const templates = useTemplates();

  // The URL may hold a combination that each part allows but the whole does not; the
  // dates win then, as the last thing chosen.
  const hasRange = Boolean(filters.from && filters.to);
  const query = hasRange
    ? { templateId: filters.templateId, from: filters.from, to: filters.to }
    : { templateId: filters.templateId, period: filters.period };
  const report = useAnalytics(query);
  const periodValue = hasRange || customChosen ? 'custom' : (filters.period ?? defaultPeriod);

  const onPeriod = (value: string) => {
    if (value === 'custom') {
      setCustomChosen(true);
      return;
    }
    setCustomChosen(false);
    setFilters({
      period: value === defaultPeriod ? undefined : value,
      from: undefined,
      to: undefined,
    });
  };

  const data = report.data;
  const templateName = templates.data?.find((item) => item.id === data?.filters.templateId)?.name;
  const day = (date: string) =>
    format.dateTime(new Date(`${date}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' });

  return (
    <>
      <PageHeader title={t('title')} />
      <p className="-mt-4 mb-6 max-w-3xl text-sm text-muted">{t('intro')}</p>

      <section
        aria-label={t('filtersLabel')}
        className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-line bg-white px-4 py-3"
      >
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{t('filters.template')}</span>
          <select
            value={filters.templateId ?? ''}
            onChange={(event) => setFilters({ templateId: event.target.value })}
            className={fieldClasses}
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
          <span className="font-medium">{t('filters.period')}</span>
          <select
            value={periodValue}
            onChange={(event) => onPeriod(event.target.value)}
            className={fieldClasses}
            data-testid="period-filter"
          >
            {analyticsPeriods.map((period) => (
              <option key={period} value={period}>
                {t(`filters.periods.${period}`)}
              </option>
            ))}
            <option value="custom">{t('filters.periods.custom')}</option>
          </select>
        </label>
        {periodValue === 'custom' ? (
          <DateRange
            key={`${filters.from}-${filters.to}`}
            from={filters.from}
            to={filters.to}
            onApply={(range) => setFilters({ ...range, period: undefined })}
          />
        ) : null}
        <p role="status" className="ml-auto pb-1.5 text-sm text-muted" data-testid="showing">
          {data
            ? templateName
              ? t('showingTemplate', {
                  from: day(data.filters.from),
                  to: day(data.filters.to),
                  template: templateName,
                })
              : t('showing', { from: day(data.filters.from), to: day(data.filters.to) })
            : ''}
        </p>
      </section>

      {report.isPending ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : report.isError ? (
        <ErrorNotice
          error={report.error}
          actions={
            <Button variant="secondary" onClick={() => void report.refetch()}>
              {t('retryLoad')}
            </Button>
          }
        />
      ) : (
        <div aria-busy={report.isFetching || undefined} data-testid="analytics-report">
          <dl className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
            <Total
              label={`${t('totals.subscribers')} (${t('now')})`}
              value={data!.subscribers.total}
              testId="total-subscribers"
            />
            <Total
              label={t('totals.requests')}
              value={data!.provisioning.requests}
              testId="total-requests"
            />
            <Total
              label={t('totals.failures')}
              value={data!.provisioning.failures}
              testId="total-failures"
            />
            <Total
              label={t('totals.customers')}
              value={data!.customersPerWeek.reduce((sum, week) => sum + week.count, 0)}
              testId="total-customers"
            />
          </dl>

          <div className="grid gap-4 lg:grid-cols-2">
            <SubscribersByPackage report={data!} />
            <SubscribersByStatus report={data!} />
            <RequestsPerDay report={data!} />
            <FailuresByErrorCode report={data!} />
            <CustomersPerWeek report={data!} />
            <TopCustomers report={data!} />
          </div>
          {data!.filters.templateId ? (
            <p className="mt-4 text-xs text-muted">{t('templateNote')}</p>
          ) : null}
        </div>
      )}
    </>
  );
}
