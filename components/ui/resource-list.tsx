'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';

import { Button, rowButtonClasses } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { ListToolbar } from '@/components/ui/list-toolbar';
import { searchAndSort, SortHeader, type SortState } from '@/components/ui/sort-header';
import { EmptyState } from '@/components/empty-state';

interface Resource {
  id: string;
  name: string;
}

/** The state of a settings list: its search, its order, and the rows they leave. */
export function useResourceList<Row extends Resource, Column extends string>(
  data: readonly Row[] | undefined,
  options: {
    searchable: (row: Row) => (string | null)[];
    valueOf: (row: Row, column: Column) => string | number | null;
    firstColumn: Column;
    locale: string;
  },
) {
  const { searchable, valueOf, firstColumn, locale } = options;
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState<Column>>({
    key: firstColumn,
    direction: 'ascending',
  });

  const rows = useMemo(
    () =>
      searchAndSort(data ?? [], {
        search,
        searchable,
        sort,
        valueOf,
        nameOf: (row) => row.name,
        locale,
      }),
    [data, search, searchable, sort, valueOf, locale],
  );

  return { search, setSearch, sort, setSort, rows, total: data?.length ?? 0 };
}

/**
 * Where focus goes back to when a flyout over a list closes: the row's name, else the add
 * button, else the search box.
 */
export function useListFocus() {
  const rowButtonsRef = useRef(new Map<string, HTMLButtonElement>());
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const searchBoxRef = useRef<HTMLInputElement>(null);

  const focusTarget = (id: string | null) =>
    (id ? rowButtonsRef.current.get(id) : undefined) ??
    addButtonRef.current ??
    searchBoxRef.current;

  return { rowButtonsRef, addButtonRef, searchBoxRef, focusTarget };
}

export type ResourceListState<Row extends Resource, Column extends string> = ReturnType<
  typeof useResourceList<Row, Column>
>;

export interface ResourceColumn<Row, Column extends string> {
  key: Column;
  label: string;
  /** The cell of every column but the first, which shows the row's name as its button. */
  cell?: (row: Row) => ReactNode;
  numeric?: boolean;
  cellClassName?: string;
}

/**
 * A settings list (clusters, templates): loading, error and empty states, then a searchable,
 * sortable table whose rows open their flyout. Texts come from the list's message namespace.
 */
export function ResourceList<Row extends Resource, Column extends string>({
  namespace,
  query,
  list,
  columns,
  emptyBody,
  onAdd,
  selectedId,
  onSelect,
  testIdPrefix,
  rowButtonsRef,
  searchBoxRef,
}: {
  namespace: 'clusters' | 'templates';
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  list: ResourceListState<Row, Column>;
  columns: ResourceColumn<Row, Column>[];
  emptyBody: string;
  onAdd?: () => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  testIdPrefix: string;
  rowButtonsRef: RefObject<Map<string, HTMLButtonElement>>;
  searchBoxRef: RefObject<HTMLInputElement | null>;
}) {
  const t = useTranslations(namespace);

  if (query.isPending) {
    return (
      <p role="status" className="text-sm text-muted">
        {t('loading')}
      </p>
    );
  }
  if (query.isError) {
    return (
      <ErrorNotice
        error={query.error}
        actions={
          <Button variant="secondary" onClick={() => void query.refetch()}>
            {t('retry')}
          </Button>
        }
      />
    );
  }
  if (list.total === 0) {
    return (
      <EmptyState
        title={t('emptyTitle')}
        body={emptyBody}
        action={onAdd ? <Button onClick={onAdd}>{t('add')}</Button> : undefined}
      />
    );
  }

  return (
    <section aria-label={t('listLabel')} className="rounded-lg border border-line bg-white">
      <ListToolbar
        search={list.search}
        onSearch={list.setSearch}
        label={t('search')}
        placeholder={t('searchPlaceholder')}
        shownText={t('shown', { shown: list.rows.length, total: list.total })}
        searchRef={searchBoxRef}
      />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid={`${testIdPrefix}-table`}>
          <caption className="sr-only">{t('tableCaption')}</caption>
          <thead className="border-b border-line text-xs text-muted">
            <tr>
              {columns.map((column) => (
                <SortHeader
                  key={column.key}
                  column={column.key}
                  sort={list.sort}
                  onSort={list.setSort}
                  className={column.numeric ? 'px-3 py-2 text-right' : 'px-3 py-2'}
                >
                  {column.label}
                </SortHeader>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {list.rows.map((row) => (
              <tr
                key={row.id}
                onClick={() => onSelect(row.id)}
                data-selected={row.id === selectedId || undefined}
                className="cursor-pointer hover:bg-brand-50 data-selected:bg-brand-50"
                data-testid={`${testIdPrefix}-row`}
              >
                <th scope="row" className="px-4 py-3 font-medium">
                  <button
                    type="button"
                    ref={(element) => {
                      if (element) rowButtonsRef.current.set(row.id, element);
                      else rowButtonsRef.current.delete(row.id);
                    }}
                    onClick={(event) => {
                      event.stopPropagation();
                      onSelect(row.id);
                    }}
                    className={rowButtonClasses}
                  >
                    {row.name}
                  </button>
                </th>
                {columns.slice(1).map((column) => (
                  <td
                    key={column.key}
                    className={[
                      'px-4 py-3',
                      column.numeric ? 'text-right tabular-nums' : '',
                      column.cellClassName ?? '',
                    ]
                      .join(' ')
                      .trim()}
                  >
                    {column.cell?.(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {list.rows.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-muted">{t('noMatch')}</p>
        ) : null}
      </div>
    </section>
  );
}
