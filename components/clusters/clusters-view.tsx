'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useMemo, useRef, useState } from 'react';

import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Button, rowButtonClasses } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { ListToolbar } from '@/components/ui/list-toolbar';
import { searchAndSort, SortHeader, type SortState } from '@/components/ui/sort-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { useSelectedId } from '@/components/ui/use-selected-id';
import { EmptyState, PageHeader } from '@/components/empty-state';

import { AddClusterFlyout } from './add-cluster-flyout';
import { ClusterFlyout } from './cluster-flyout';
import { useClusters } from './cluster-queries';
import type { Cluster } from './cluster-types';
import { ConnectivityBadge } from './connectivity';

type Column = 'name' | 'release' | 'connectivity' | 'templates' | 'updated';

const connectivityOrder = { error: 0, not_checked: 1, success: 2 } as const;

function sortValue(cluster: Cluster, column: Column): string | number {
  switch (column) {
    case 'name':
      return cluster.name;
    case 'release':
      return cluster.release;
    case 'connectivity':
      return connectivityOrder[cluster.connectivityStatus];
    case 'templates':
      return cluster.templateCount;
    case 'updated':
      return cluster.updatedAt;
  }
}

/** Settings › BroadWorks Calling › Clusters: the list, the add form and the flyout. */
export function ClustersView({ canWrite, locale }: { canWrite: boolean; locale: string }) {
  const t = useTranslations('clusters');
  const tNav = useTranslations('nav');
  const format = useFormatter();
  const clusters = useClusters();
  const [selectedId, select] = useSelectedId('cluster');
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState<Column>>({ key: 'name', direction: 'ascending' });
  const [announcement, setAnnouncement] = useState('');
  const rowButtons = useRef(new Map<string, HTMLButtonElement>());
  const addButton = useRef<HTMLButtonElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);

  const rows = useMemo(
    () =>
      searchAndSort(clusters.data ?? [], {
        search,
        searchable: (cluster) => [cluster.name, cluster.release, cluster.xsiActionsUrl],
        sort,
        valueOf: sortValue,
        nameOf: (cluster) => cluster.name,
        locale,
      }),
    [clusters.data, search, sort, locale],
  );

  const focusRow = (id: string | null) =>
    (id ? rowButtons.current.get(id) : undefined) ?? addButton.current ?? searchBox.current;

  const total = clusters.data?.length ?? 0;

  return (
    <>
      <Breadcrumbs
        label={t('breadcrumbs')}
        items={[tNav('settings'), tNav('broadworksCalling'), t('title')]}
      />
      <PageHeader title={t('title')}>
        {canWrite ? (
          <Button ref={addButton} onClick={() => setAdding(true)}>
            {t('add')}
          </Button>
        ) : null}
      </PageHeader>

      <p role="status" className="sr-only">
        {announcement}
      </p>

      {clusters.isPending ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : clusters.isError ? (
        <ErrorNotice
          error={clusters.error}
          actions={
            <Button variant="secondary" onClick={() => void clusters.refetch()}>
              {t('retry')}
            </Button>
          }
        />
      ) : total === 0 ? (
        <EmptyState
          title={t('emptyTitle')}
          body={t('emptyBody')}
          action={
            canWrite ? <Button onClick={() => setAdding(true)}>{t('add')}</Button> : undefined
          }
        />
      ) : (
        <section aria-label={t('listLabel')} className="rounded-lg border border-line bg-white">
          <ListToolbar
            search={search}
            onSearch={setSearch}
            label={t('search')}
            placeholder={t('searchPlaceholder')}
            shownText={t('shown', { shown: rows.length, total })}
            searchRef={searchBox}
          />
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="cluster-table">
              <caption className="sr-only">{t('tableCaption')}</caption>
              <thead className="border-b border-line text-xs text-muted">
                <tr>
                  <SortHeader column="name" sort={sort} onSort={setSort} className="px-3 py-2">
                    {t('columns.name')}
                  </SortHeader>
                  <SortHeader column="release" sort={sort} onSort={setSort} className="px-3 py-2">
                    {t('columns.release')}
                  </SortHeader>
                  <SortHeader
                    column="connectivity"
                    sort={sort}
                    onSort={setSort}
                    className="px-3 py-2"
                  >
                    {t('columns.connectivity')}
                  </SortHeader>
                  <SortHeader
                    column="templates"
                    sort={sort}
                    onSort={setSort}
                    className="px-3 py-2 text-right"
                  >
                    {t('columns.templates')}
                  </SortHeader>
                  <SortHeader column="updated" sort={sort} onSort={setSort} className="px-3 py-2">
                    {t('columns.updated')}
                  </SortHeader>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {rows.map((cluster) => (
                  <tr
                    key={cluster.id}
                    onClick={() => select(cluster.id)}
                    data-selected={cluster.id === selectedId || undefined}
                    className="cursor-pointer hover:bg-brand-50 data-selected:bg-brand-50"
                    data-testid="cluster-row"
                  >
                    <th scope="row" className="px-4 py-3 font-medium">
                      <button
                        type="button"
                        ref={(element) => {
                          if (element) rowButtons.current.set(cluster.id, element);
                          else rowButtons.current.delete(cluster.id);
                        }}
                        onClick={(event) => {
                          event.stopPropagation();
                          select(cluster.id);
                        }}
                        className={rowButtonClasses}
                      >
                        {cluster.name}
                      </button>
                    </th>
                    <td className="px-4 py-3">
                      <span className="flex items-center gap-2">
                        {cluster.release}
                        {cluster.releaseSupported ? null : (
                          <StatusBadge tone="warning">{t('releaseOutsideWindow')}</StatusBadge>
                        )}
                      </span>
                    </td>
                    <td className="px-4 py-3">
                      <ConnectivityBadge status={cluster.connectivityStatus} />
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums">{cluster.templateCount}</td>
                    <td className="px-4 py-3 whitespace-nowrap text-muted">
                      {format.dateTime(new Date(cluster.updatedAt), {
                        dateStyle: 'medium',
                        timeStyle: 'short',
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length === 0 ? (
              <p className="px-4 py-6 text-center text-sm text-muted">{t('noMatch')}</p>
            ) : null}
          </div>
        </section>
      )}

      {adding ? (
        <AddClusterFlyout
          onClose={() => setAdding(false)}
          onCreated={(cluster) => {
            setAdding(false);
            setAnnouncement(t('created', { name: cluster.name }));
            select(cluster.id);
          }}
        />
      ) : null}

      {selectedId && !adding ? (
        <ClusterFlyout
          key={selectedId}
          clusterId={selectedId}
          canWrite={canWrite}
          onClose={() => select(null)}
          returnFocus={() => focusRow(selectedId)}
          onDeleted={(cluster) => {
            select(null);
            setAnnouncement(t('deleted', { name: cluster.name }));
          }}
        />
      ) : null}
    </>
  );
}
