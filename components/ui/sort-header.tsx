'use client';

import type { ReactNode } from 'react';

export interface SortState<Key extends string> {
  key: Key;
  direction: 'ascending' | 'descending';
}

export function nextSort<Key extends string>(current: SortState<Key>, key: Key): SortState<Key> {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** A column header that sorts the table by its column, and tells which way it is sorted. */
export function SortHeader<Key extends string>({
  column,
  sort,
  onSort,
  children,
  className = '',
}: {
  column: Key;
  sort: SortState<Key>;
  onSort: (next: SortState<Key>) => void;
  children: ReactNode;
  className?: string;
}) {
  const active = sort.key === column;

  return (
    <th scope="col" aria-sort={active ? sort.direction : undefined} className={className}>
      <button
        type="button"
        onClick={() => onSort(nextSort(sort, column))}
        className={[
          'inline-flex items-center gap-1 rounded px-1 py-0.5 font-semibold hover:bg-canvas',
          'focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600',
        ].join(' ')}
      >
        {children}
        <span aria-hidden="true" className={active ? 'text-ink' : 'text-line'}>
          {active && sort.direction === 'descending' ? '▼' : '▲'}
        </span>
      </button>
    </th>
  );
}

/** Compares two cell values the way a person expects: numbers by size, text by the locale. */
export function compareValues(
  a: string | number | null,
  b: string | number | null,
  collator: Intl.Collator,
): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;

  return collator.compare(String(a), String(b));
}

/**
 * The rows that match the search, in the chosen order; ties fall back to the name, so the order
 * never jumps between renders.
 */
export function searchAndSort<Row, Key extends string>(
  rows: readonly Row[],
  options: {
    search: string;
    searchable: (row: Row) => (string | null)[];
    sort: SortState<Key>;
    valueOf: (row: Row, key: Key) => string | number | null;
    nameOf: (row: Row) => string;
    locale: string;
  },
): Row[] {
  const { search, searchable, sort, valueOf, nameOf, locale } = options;
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const needle = search.trim().toLocaleLowerCase(locale);
  const direction = sort.direction === 'ascending' ? 1 : -1;

  return rows
    .filter(
      (row) =>
        !needle ||
        searchable(row).some((value) => value?.toLocaleLowerCase(locale).includes(needle)),
    )
    .sort(
      (a, b) =>
        direction * compareValues(valueOf(a, sort.key), valueOf(b, sort.key), collator) ||
        collator.compare(nameOf(a), nameOf(b)),
    );
}
