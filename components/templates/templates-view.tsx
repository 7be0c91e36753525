'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useRef, useState } from 'react';

import { useClusters } from '@/components/clusters/cluster-queries';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Button, rowButtonClasses } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { ListToolbar } from '@/components/ui/list-toolbar';
import { searchAndSort, SortHeader, type SortState } from '@/components/ui/sort-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { useSelectedId } from '@/components/ui/use-selected-id';
import { EmptyState, PageHeader } from '@/components/empty-state';
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

/** Settings › BroadWorks Calling › Templates: the list, the add form and the flyout. */
export function TemplatesView({ canWrite, locale }: { canWrite: boolean; locale: string }) {
  const t = useTranslations('templates');
  const tNav = useTranslations('nav');
  const templates = useTemplates();
  const clusters = useClusters();
  const [selectedId, select] = useSelectedId('template');
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState<Column>>({ key: 'name', direction: 'ascending' });
  const [announcement, setAnnouncement] = useState('');
  const rowButtons = useRef(new Map<string, HTMLButtonElement>());
  const addButton = useRef<HTMLButtonElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);

  const rows = useMemo(
    () =>
      searchAndSort(templates.data ?? [], {
        search,
        searchable: (template) => [template.name, template.cluster.name, template.provisioningId],
        sort,
        valueOf: sortValue,
        nameOf: (template) => template.name,
        locale,
      }),
    [templates.data, search, sort, locale],
  );

  const focusRow = (id: string | null) =>
    (id ? rowButtons.current.get(id) : undefined) ?? addButton.current ?? searchBox.current;

  const total = templates.data?.length ?? 0;
  const noClusters = clusters.isSuccess && clusters.data.length === 0;

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

      {templates.isPending ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : templates.isError ? (
        <ErrorNotice
          error={templates.error}
          actions={
            <Button variant="secondary" onClick={() => void templates.refetch()}>
              {t('retry')}
            </Button>
          }
        />
      ) : total === 0 ? (
        <EmptyState
          title={t('emptyTitle')}
          body={noClusters ? t('emptyBodyNoClusters') : t('emptyBody')}
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
            <table className="w-full text-left text-sm" data-testid="template-table">
              <caption className="sr-only">{t('tableCaption')}</caption>
              <thead className="border-b border-line text-xs text-muted">
                <tr>
                  <SortHeader column="name" sort={sort} onSort={setSort} className="px-3 py-2">
                    {t('columns.name')}
                  </SortHeader>
                  <SortHeader column="cluster" sort={sort} onSort={setSort} className="px-3 py-2">
                    {t('columns.cluster')}
                  </SortHeader>
                  <SortHeader column="package" sort={sort} onSort={setSort} className="px-3 py-2">
                    {t('columns.package')}
                  </SortHeader>
                  <SortHeader
                    column="flowthrough"
                    sort={sort}
                    onSort={setSort}
                    className="px-3 py-2"
                  >
                    {t('columns.flowthrough')}
                  </SortHeader>
                  <SortHeader
                    column="customerOrgs"
                    sort={sort}
                    onSort={setSort}
                    className="px-3 py-2 text-right"
                  >
                    {t('columns.customerOrgs')}
                  </SortHeader>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {rows.map((template) => (
                  <tr
                    key={template.id}
                    onClick={() => select(template.id)}
                    data-selected={template.id === selectedId || undefined}
                    className="cursor-pointer hover:bg-brand-50 data-selected:bg-brand-50"
                    data-testid="template-row"
                  >
                    <th scope="row" className="px-4 py-3 font-medium">
                      <button
                        type="button"
                        ref={(element) => {
                          if (element) rowButtons.current.set(template.id, element);
                          else rowButtons.current.delete(template.id);
                        }}
                        onClick={(event) => {
                          event.stopPropagation();
                          select(template.id);
                        }}
                        className={rowButtonClasses}
                      >
                        {template.name}
                      </button>
                    </th>
                    <td className="px-4 py-3">{template.cluster.name}</td>
                    <td className="px-4 py-3">{t(`packages.${template.defaultPackage}`)}</td>
                    <td className="px-4 py-3">
                      <StatusBadge tone={template.flowthroughEnabled ? 'success' : 'neutral'}>
                        {template.flowthroughEnabled ? t('flowthroughOn') : t('flowthroughOff')}
                      </StatusBadge>
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums">
                      {template.customerOrgCount}
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
          returnFocus={() => focusRow(selectedId)}
          onDeleted={(template) => {
            select(null);
            setAnnouncement(t('deleted', { name: template.name }));
          }}
        />
      ) : null}
    </>
  );
}
