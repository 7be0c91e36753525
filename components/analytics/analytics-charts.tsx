'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { AnalyticsReport } from '@/lib/analytics/analytics-report';

import { ChartCard } from './chart-card';

const colors = {
  brand: '#0b5cad',
  failure: '#b42318',
  grid: '#dde3ea',
  text: '#5f6b7a',
};

const axisProps = { stroke: colors.text, fontSize: 12, tickLine: false } as const;
const tooltipProps = { cursor: { fill: '#eef6ff' }, wrapperStyle: { fontSize: 12 } } as const;

export const customerHref = (id: string) => `/customers/${encodeURIComponent(id)}`;

function useDayFormat() {
  const format = useFormatter();
  return (date: string) =>
    format.dateTime(new Date(`${date}T00:00:00Z`), {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
}

/** Horizontal bars for a handful of named counts, longest labels on the left. */
function CountBars({
  data,
  label,
  width = 110,
}: {
  data: { name: string; count: number }[];
  label: string;
  width?: number;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }}>
        <CartesianGrid horizontal={false} stroke={colors.grid} />
        <XAxis type="number" allowDecimals={false} {...axisProps} />
        <YAxis type="category" dataKey="name" width={width} interval={0} {...axisProps} />
        <Tooltip {...tooltipProps} />
        <Bar dataKey="count" name={label} fill={colors.brand} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function SubscribersByPackage({ report }: { report: AnalyticsReport }) {
  const t = useTranslations('analytics');
  const packages = useTranslations('customers.packages');
  const rows = report.subscribers.byPackage.map((row) => ({
    name: packages(row.package),
    count: row.count,
  }));

  return (
    <ChartCard
      id="by-package"
      title={t('charts.byPackage.title')}
      description={t('charts.byPackage.description')}
      emptyText={t('charts.byPackage.empty')}
      isEmpty={report.subscribers.total === 0}
      rows={rows}
      columns={[
        { label: t('columns.package'), value: (row) => row.name, rowHeader: true },
        { label: t('columns.subscribers'), value: (row) => row.count, numeric: true },
      ]}
      chart={<CountBars data={rows} label={t('columns.subscribers')} />}
    />
  );
}

export function SubscribersByStatus({ report }: { report: AnalyticsReport }) {
  const t = useTranslations('analytics');
  const statuses = useTranslations('customers.subscriberStatus');
  const rows = report.subscribers.byStatus.map((row) => ({
    name: statuses(row.status),
    count: row.count,
  }));

  return (
    <ChartCard
      id="by-status"
      title={t('charts.byStatus.title')}
      description={t('charts.byStatus.description')}
      emptyText={t('charts.byStatus.empty')}
      isEmpty={report.subscribers.total === 0}
      rows={rows}
      columns={[
        { label: t('columns.status'), value: (row) => row.name, rowHeader: true },
        { label: t('columns.subscribers'), value: (row) => row.count, numeric: true },
      ]}
      chart={<CountBars data={rows} label={t('columns.subscribers')} width={140} />}
    />
  );
}

export function RequestsPerDay({ report }: { report: AnalyticsReport }) {
  const t = useTranslations('analytics');
  const day = useDayFormat();
  const rows = report.provisioning.perDay.map((row) => ({ ...row, label: day(row.date) }));

  return (
    <ChartCard
      id="per-day"
      className="lg:col-span-2"
      title={t('charts.perDay.title')}
      description={t('charts.perDay.description')}
      emptyText={t('charts.perDay.empty')}
      isEmpty={report.provisioning.requests === 0}
      rows={rows}
      columns={[
        { label: t('columns.date'), value: (row) => row.label, rowHeader: true },
        { label: t('columns.requests'), value: (row) => row.requests, numeric: true },
        { label: t('columns.failures'), value: (row) => row.failures, numeric: true },
      ]}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ left: 0, right: 16 }}>
            <CartesianGrid vertical={false} stroke={colors.grid} />
            <XAxis dataKey="label" minTickGap={16} {...axisProps} />
            <YAxis allowDecimals={false} width={48} {...axisProps} />
            <Tooltip wrapperStyle={tooltipProps.wrapperStyle} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line
              type="monotone"
              dataKey="requests"
              name={t('columns.requests')}
              stroke={colors.brand}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="failures"
              name={t('columns.failures')}
              stroke={colors.failure}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      }
    />
  );
}

export function FailuresByErrorCode({ report }: { report: AnalyticsReport }) {
  const t = useTranslations('analytics');
  const rows = report.provisioning.failuresByErrorCode.map((row) => {
    const status = /^http_(\d{3})$/.exec(row.errorCode)?.[1];
    return { name: status ? t('httpStatus', { status }) : row.errorCode, count: row.count };
  });

  return (
    <ChartCard
      id="by-error-code"
      title={t('charts.byErrorCode.title')}
      description={t('charts.byErrorCode.description')}
      emptyText={t('charts.byErrorCode.empty')}
      isEmpty={rows.length === 0}
      rows={rows}
      columns={[
        { label: t('columns.errorCode'), value: (row) => row.name, rowHeader: true },
        { label: t('columns.failures'), value: (row) => row.count, numeric: true },
      ]}
      chart={<CountBars data={rows} label={t('columns.failures')} width={150} />}
    />
  );
}

export function CustomersPerWeek({ report }: { report: AnalyticsReport }) {
  const t = useTranslations('analytics');
  const day = useDayFormat();
  const rows = report.customersPerWeek.map((row) => ({ ...row, label: day(row.weekStart) }));

  return (
    <ChartCard
      id="per-week"
      title={t('charts.perWeek.title')}
      description={t('charts.perWeek.description')}
      emptyText={t('charts.perWeek.empty')}
      isEmpty={rows.every((row) => row.count === 0)}
      rows={rows}
      columns={[
        { label: t('columns.week'), value: (row) => row.label, rowHeader: true },
        { label: t('columns.customers'), value: (row) => row.count, numeric: true },
      ]}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ left: 0, right: 16 }}>
            <CartesianGrid vertical={false} stroke={colors.grid} />
            <XAxis dataKey="label" minTickGap={8} {...axisProps} />
            <YAxis allowDecimals={false} width={48} {...axisProps} />
            <Tooltip {...tooltipProps} />
            <Bar
              dataKey="count"
              name={t('columns.customers')}
              fill={colors.brand}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      }
    />
  );
}

export function TopCustomers({ report }: { report: AnalyticsReport }) {
  const t = useTranslations('analytics');
  const rows = report.topCustomers;

  return (
    <ChartCard
      id="top-customers"
      title={t('charts.topCustomers.title')}
      description={t('charts.topCustomers.description')}
      emptyText={t('charts.topCustomers.empty')}
      isEmpty={rows.length === 0}
      rows={rows}
      columns={[
        { label: t('columns.customer'), value: (row) => row.name, rowHeader: true },
        { label: t('columns.subscribers'), value: (row) => row.subscribers, numeric: true },
      ]}
      chart={
        <CountBars
          data={rows.map((row) => ({ name: row.name, count: row.subscribers }))}
          label={t('columns.subscribers')}
          width={160}
        />
      }
      footer={
        <ol className="mt-3 space-y-1 text-sm" data-testid="top-customer-links">
          {rows.map((row) => (
            <li key={row.id} className="flex justify-between gap-3">
              <Link
                href={customerHref(row.id)}
                className="truncate text-brand-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
              >
                {row.name}
              </Link>
              <span className="tabular-nums text-muted">{row.subscribers}</span>
            </li>
          ))}
        </ol>
      }
    />
  );
}
