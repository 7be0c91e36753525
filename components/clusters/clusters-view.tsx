'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';

import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Button } from '@/components/ui/button';
import {
  ResourceList,
  useListFocus,
  useResourceList,
  type ResourceColumn,
} from '@/components/ui/resource-list';
import { StatusBadge } from '@/components/ui/status-badge';
import { useSelectedId } from '@/components/ui/use-selected-id';
import { PageHeader } from '@/components/empty-state';

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

const searchable = (cluster: Cluster) => [cluster.name, cluster.release, cluster.xsiActionsUrl];

/** Settings › BroadWorks Calling › Clusters: the list, the add form and the flyout. */
export function ClustersView({ canWrite, locale }: { canWrite: boolean; locale: string }) {
  const t = useTranslations('clusters');
  const tNav = useTranslations('nav');
  const format = useFormatter();
  const clusters = useClusters();
  const [selectedId, select] = useSelectedId('cluster');
  const [adding, setAdding] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const list = useResourceList<Cluster, Column>(clusters.data, {
    searchable,
    valueOf: sortValue,
    firstColumn: 'name',
    locale,
  });
  const { rowButtonsRef, addButtonRef, searchBoxRef, focusTarget } = useListFocus();

  const columns: ResourceColumn<Cluster, Column>[] = [
    { key: 'name', label: t('columns.name') },
    {
      key: 'release',
      label: t('columns.release'),
      cell: (cluster) => (
        <span className="flex items-center gap-2">
          {cluster.release}
          {cluster.releaseSupported ? null : (
            <StatusBadge tone="warning">{t('releaseOutsideWindow')}</StatusBadge>
          )}
        </span>
      ),
    },
    {
      key: 'connectivity',
      label: t('columns.connectivity'),
      cell: (cluster) => <ConnectivityBadge status={cluster.connectivityStatus} />,
    },
    {
      key: 'templates',
      label: t('columns.templates'),
      numeric: true,
      cell: (cluster) => cluster.templateCount,
    },
    {
      key: 'updated',
      label: t('columns.updated'),
      cellClassName: 'whitespace-nowrap text-muted',
      cell: (cluster) =>
        format.dateTime(new Date(cluster.updatedAt), { dateStyle: 'medium', timeStyle: 'short' }),
    },
  ];

  return (
    <>
      <Breadcrumbs
        label={t('breadcrumbs')}
        items={[tNav('settings'), tNav('broadworksCalling'), t('title')]}
      />
      <PageHeader title={t('title')}>
        {canWrite ? (
          <Button ref={addButtonRef} onClick={() => setAdding(true)}>
            {t('add')}
          </Button>
        ) : null}
      </PageHeader>

      <p role="status" className="sr-only">
        {announcement}
      </p>

      <ResourceList
        namespace="clusters"
        query={clusters}
        list={list}
        columns={columns}
        emptyBody={t('emptyBody')}
        onAdd={canWrite ? () => setAdding(true) : undefined}
        selectedId={selectedId}
        onSelect={select}
        testIdPrefix="cluster"
        rowButtonsRef={rowButtonsRef}
        searchBoxRef={searchBoxRef}
      />

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
          returnFocus={() => focusTarget(selectedId)}
          onDeleted={(cluster) => {
            select(null);
            setAnnouncement(t('deleted', { name: cluster.name }));
          }}
        />
      ) : null}
    </>
  );
}
