'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

export interface ChartColumn<Row> {
  label: string;
  value: (row: Row) => ReactNode;
  /** The row's name, read out as the header of its row. */
  rowHeader?: boolean;
  numeric?: boolean;
}

/**
 * One chart with its title and what it shows. The drawing is for the eye; its numbers are
 * also in a table that screen readers reach and anyone can open, and an empty chart says so.
 */
export function ChartCard<Row>({
  id,
  title,
  description,
  emptyText,
  rows,
  isEmpty,
  columns,
  chart,
  footer,
  className = '',
}: {
  id: string;
  title: string;
  description: string;
  emptyText: string;
  rows: Row[];
  isEmpty: boolean;
  columns: ChartColumn<Row>[];
  chart: ReactNode;
  footer?: ReactNode;
  className?: string;
}) {
  const t = useTranslations('analytics');
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;

  return (
    <section
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className={`flex flex-col rounded-lg border border-line bg-white p-4 ${className}`}
      data-testid={`chart-${id}`}
    >
      <h2 id={titleId} className="text-base font-semibold">
        {title}
      </h2>
      <p id={descriptionId} className="mt-1 text-xs text-muted">
        {description}
      </p>

      {isEmpty ? (
        <p
          className="mt-4 flex h-56 items-center justify-center rounded-md border border-dashed border-line text-sm text-muted"
          data-testid="chart-empty"
        >
          {emptyText}
        </p>
      ) : (
        <>
          <div className="mt-4 h-56" aria-hidden="true" data-testid="chart-drawing">
            {chart}
          </div>
          {footer}
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer text-brand-700 hover:underline">
              {t('showTable')}
            </summary>
            <div className="mt-2 max-h-72 overflow-auto">
              <table className="w-full text-left text-sm" data-testid="chart-table">
                <caption className="sr-only">{title}</caption>
                <thead className="border-b border-line text-xs text-muted">
                  <tr>
                    {columns.map((column) => (
                      <th
                        key={column.label}
                        scope="col"
                        className={`px-2 py-1 font-semibold ${column.numeric ? 'text-right' : ''}`}
                      >
                        {column.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-line">
                  {rows.map((row, index) => (
                    <tr key={index}>
                      {columns.map((column) =>
                        column.rowHeader ? (
                          <th key={column.label} scope="row" className="px-2 py-1 font-normal">
                            {column.value(row)}
                          </th>
                        ) : (
                          <td
                            key={column.label}
                            className={`px-2 py-1 ${column.numeric ? 'text-right tabular-nums' : ''}`}
                          >
                            {column.value(row)}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
