'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

import { useClusters } from '@/components/clusters/cluster-queries';
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
import { subscriberPackages } from '@/lib/templates/schemas';

import { AddTemplateFlyout } from './add-template-flyout';
import { TemplateFlyout } from './template-flyout';
import { useTemplates } from './template-queries';
import type { Template } from './template-types';

type Column = 'name' | 'cluster' | 'package' | 'flowthrough' | 'customerOrgs';

function sortValue(template: Template, column: Column): string | number {
  switch (column) {
    case 'name':
      return template.name;
    case 'cluster':
      return template.cluster.name;
    case 'package':
      return subscriberPackages.indexOf(template.defaultPackage);
    case 'flowthrough':
      return template.flowthroughEnabled ? 0 : 1;
    case 'customerOrgs':
      return template.customerOrgCount;
  }
}

const searchable = (template: Template) => [
  template.name,
  template.cluster.name,
  template.provisioningId,
];

/** Settings › BroadWorks Calling › Templates: the list, the add form and the flyout. */
export function TemplatesView({ canWrite, locale }: { canWrite: boolean; locale: string }) {
  const t = useTranslations('templates');
  const tNav = useTranslations('nav');
  const templates = useTemplates();
  const clusters = useClusters();
  const [selectedId, select] = useSelectedId('template');
  const [adding, setAdding] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const list = useResourceList<Template, Column>(templates.data, {
    searchable,
    valueOf: sortValue,
    firstColumn: 'name',
    locale,
  });
  const { rowButtonsRef, addButtonRef, searchBoxRef, focusTarget } = useListFocus();

  const noClusters = clusters.isSuccess && clusters.data.length === 0;
  const columns: ResourceColumn<Template, Column>[] = [
    { key: 'name', label: t('columns.name') },
    { key: 'cluster', label: t('columns.cluster'), cell: (template) => template.cluster.name },
    {
      key: 'package',
      label: t('columns.package'),
      cell: (template) => t(`packages.${template.defaultPackage}`),
    },
    {
      key: 'flowthrough',
      label: t('columns.flowthrough'),
      cell: (template) => (
        <StatusBadge tone={template.flowthroughEnabled ? 'success' : 'neutral'}>
          {template.flowthroughEnabled ? t('flowthroughOn') : t('flowthroughOff')}
        </StatusBadge>
      ),
    },
    {
      key: 'customerOrgs',
      label: t('columns.customerOrgs'),
      numeric: true,
      cell: (template) => template.customerOrgCount,
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
        namespace="templates"
        query={templates}
        list={list}
        columns={columns}
        emptyBody={noClusters ? t('emptyBodyNoClusters') : t('emptyBody')}
        onAdd={canWrite ? () => setAdding(true) : undefined}
        selectedId={selectedId}
        onSelect={select}
        testIdPrefix="template"
        rowButtonsRef={rowButtonsRef}
        searchBoxRef={searchBoxRef}
      />

      {adding ? (
        <AddTemplateFlyout
          onClose={() => setAdding(false)}
          onOpen={(template) => {
            setAdding(false);
            select(template.id);
          }}
        />
      ) : null}

      {selectedId && !adding ? (
        <TemplateFlyout
          key={selectedId}
          templateId={selectedId}
          canWrite={canWrite}
          onClose={() => select(null)}
          returnFocus={() => focusTarget(selectedId)}
          onDeleted={(template) => {
            select(null);
            setAnnouncement(t('deleted', { name: template.name }));
          }}
        />
      ) : null}
    </>
  );
}
