'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';

import { isApiError } from '@/components/ui/api-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { FieldGroup } from '@/components/ui/field';
import { Flyout } from '@/components/ui/flyout';
import { EditorActions, SavedNote, StaleVersionNotice } from '@/components/ui/record-editor';
import { templateHref } from '@/components/ui/settings-links';
import { ReviewList } from '@/components/ui/stepper';

import {
  clusterFieldNames,
  clusterFormValues,
  clusterGroupOrder,
  clusterRequest,
  clusterResolver,
  clusterSchemaFor,
  markFieldErrors,
  type ClusterFormValues,
} from './cluster-form-model';
import { ClusterFieldGroup, ReleaseWarning } from './cluster-fields';
import {
  refetchCluster,
  useCheckCluster,
  useCluster,
  useDeleteCluster,
  useUpdateCluster,
} from './cluster-queries';
import type { Cluster, LinkedTemplate } from './cluster-types';
import { ConnectivityBadge, ConnectivityResults } from './connectivity';

const editSchema = clusterSchemaFor(clusterFieldNames);

/** A cluster in the flyout: its connectivity, its settings (editable by full admins), delete. */
export function ClusterFlyout({
  clusterId,
  canWrite,
  onClose,
  onDeleted,
  returnFocus,
}: {
  clusterId: string;
  canWrite: boolean;
  onClose: () => void;
  onDeleted: (cluster: Cluster) => void;
  returnFocus: () => HTMLElement | null | undefined;
}) {
  const t = useTranslations('clusters');
  const query = useCluster(clusterId);
  const cluster = query.data;

  return (
    <Flyout
      title={cluster?.name ?? t('loading')}
      subtitle={cluster ? <ClusterSummary cluster={cluster} /> : null}
      onClose={onClose}
      returnFocus={returnFocus}
      testId="cluster-flyout"
    >
      {cluster ? (
        <ClusterPanel
          key={cluster.id}
          cluster={cluster}
          canWrite={canWrite}
          onClose={onClose}
          onDeleted={onDeleted}
        />
      ) : query.isError ? (
        <ErrorNotice
          error={query.error}
          title={isApiError(query.error, 404) ? t('notFound') : undefined}
        />
      ) : (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      )}
    </Flyout>
  );
}

function ClusterSummary({ cluster }: { cluster: Cluster }) {
  const t = useTranslations('clusters');
  const format = useFormatter();

  return (
    <span className="flex flex-wrap items-center gap-2">
      <ConnectivityBadge status={cluster.connectivityStatus} />
      <span>{cluster.release}</span>
      <span aria-hidden="true">·</span>
      <span>{t('templateCount', { count: cluster.templateCount })}</span>
      <span aria-hidden="true">·</span>
      <span>
        {t('updatedAt', {
          time: format.dateTime(new Date(cluster.updatedAt), {
            dateStyle: 'medium',
            timeStyle: 'short',
          }),
        })}
      </span>
    </span>
  );
}

function ClusterPanel({
  cluster,
  canWrite,
  onClose,
  onDeleted,
}: {
  cluster: Cluster;
  canWrite: boolean;
  onClose: () => void;
  onDeleted: (cluster: Cluster) => void;
}) {
  const t = useTranslations('clusters');
  const check = useCheckCluster(cluster.id);

  return (
    <div className="space-y-8">
      <section aria-labelledby="cluster-connectivity-title" className="space-y-3">
        <div className="flex items-center justify-between gap-3">
          <h3 id="cluster-connectivity-title" className="text-base font-semibold">
            {t('connectivity.title')}
          </h3>
          {canWrite ? (
            <Button variant="secondary" busy={check.isPending} onClick={() => check.mutate()}>
              {t('connectivity.check')}
            </Button>
          ) : null}
        </div>
        <p className="text-xs text-muted">{t('connectivity.explanation')}</p>
        {check.isError ? <ErrorNotice error={check.error} /> : null}
        <ConnectivityResults cluster={cluster} />
      </section>

      {canWrite ? (
        <ClusterEditor cluster={cluster} onClose={onClose} onDeleted={onDeleted} />
      ) : (
        <ClusterSettings cluster={cluster} />
      )}
    </div>
  );
}

/** The settings as text, for support staff who may read but not change them. */
function ClusterSettings({ cluster }: { cluster: Cluster }) {
  const t = useTranslations('clusters');
  const tUi = useTranslations('ui');
  const onOff = (value: boolean) => (value ? tUi('on') : tUi('off'));
  const sync = (on: boolean, userId: string | null) =>
    on ? `${tUi('on')} · ${userId}` : tUi('off');

  return (
    <section aria-labelledby="cluster-settings-title" className="space-y-3">
      <h3 id="cluster-settings-title" className="text-base font-semibold">
        {t('settingsTitle')}
      </h3>
      <ReviewList
        rows={[
          { label: t('fields.validationUserId'), value: cluster.validationUserId ?? tUi('none') },
          {
            label: t('fields.validationPassword'),
            value: cluster.validationPasswordSet ? t('passwordStored') : tUi('none'),
          },
          { label: t('fields.xsiActionsUrl'), value: cluster.xsiActionsUrl },
          { label: t('fields.xsiEventsUrl'), value: cluster.xsiEventsUrl },
          { label: t('fields.dasUrl'), value: cluster.dasUrl ?? tUi('none') },
          { label: t('fields.ctiUrl'), value: cluster.ctiUrl ?? tUi('none') },
          { label: t('fields.ctiPort'), value: cluster.ctiPort ?? tUi('none') },
          {
            label: t('fields.callHistorySync'),
            value: sync(cluster.callHistorySync, cluster.callHistorySyncUserId),
          },
          { label: t('fields.dndSync'), value: sync(cluster.dndSync, cluster.dndSyncUserId) },
          {
            label: t('fields.assistantStatusSync'),
            value: sync(cluster.assistantStatusSync, cluster.assistantStatusSyncUserId),
          },
          { label: t('fields.directBroadWorksAuth'), value: onOff(cluster.directBroadWorksAuth) },
          { label: t('fields.authServiceUrl'), value: cluster.authServiceUrl },
          { label: t('fields.authUseCloudToken'), value: onOff(cluster.authUseCloudToken) },
          { label: t('fields.release'), value: cluster.release },
        ]}
      />
      <ReleaseWarning release={cluster.release} />
    </section>
  );
}

type Conflict =
  { kind: 'stale' } | { kind: 'confirm'; affected: number; values: ClusterFormValues } | null;

function ClusterEditor({
  cluster,
  onClose,
  onDeleted,
}: {
  cluster: Cluster;
  onClose: () => void;
  onDeleted: (cluster: Cluster) => void;
}) {
  const t = useTranslations('clusters');
  const formId = useId();
  const queryClient = useQueryClient();
  const update = useUpdateCluster(cluster.id);
  const remove = useDeleteCluster(cluster.id);
  const [conflict, setConflict] = useState<Conflict>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [reloading, setReloading] = useState(false);
  const form = useForm<ClusterFormValues>({
    defaultValues: clusterFormValues(cluster),
    resolver: clusterResolver(editSchema),
  });

  // Someone else's change arrived in the background: show it unless the admin is editing.
  useEffect(() => {
    if (!form.formState.isDirty) form.reset(clusterFormValues(cluster));
  }, [cluster, form]);

  async function save(values: ClusterFormValues, confirmWideImpact = false) {
    setFailure(null);
    setSaved(false);
    try {
      const updated = await update.mutateAsync({
        ...clusterRequest(values),
        version: cluster.version,
        ...(confirmWideImpact ? { confirmWideImpact: true } : {}),
      });
      setConflict(null);
      form.reset(clusterFormValues(updated));
      setSaved(true);
    } catch (error) {
      if (isApiError(error, 409) && error.reason === 'stale_version') {
        setConflict({ kind: 'stale' });
      } else if (isApiError(error, 409) && error.reason === 'confirmation_required') {
        const affected = Number(error.body?.affectedCustomerOrgs ?? 0);
        setConflict({ kind: 'confirm', affected, values });
      } else if (markFieldErrors(error, form.setError).length === 0) {
        setFailure(error);
      }
    }
  }

  async function reload() {
    setReloading(true);
    try {
      const fresh = await refetchCluster(queryClient, cluster.id);
      form.reset(clusterFormValues(fresh));
      setConflict(null);
    } catch (error) {
      setFailure(error);
    } finally {
      setReloading(false);
    }
  }

  function confirmDelete() {
    remove.mutate(undefined, {
      onSuccess: () => onDeleted(cluster),
      onSettled: () => setConfirmingDelete(false),
    });
  }

  const inUse =
    isApiError(remove.error, 409) && remove.error.reason === 'cluster_in_use'
      ? ((remove.error.body?.templates as LinkedTemplate[] | undefined) ?? [])
      : null;

  return (
    <section aria-labelledby="cluster-settings-title" className="space-y-4">
      <h3 id="cluster-settings-title" className="text-base font-semibold">
        {t('settingsTitle')}
      </h3>

      {conflict?.kind === 'stale' ? (
        <StaleVersionNotice
          namespace="clusters"
          error={update.error}
          reloading={reloading}
          onReload={reload}
        />
      ) : null}
      {failure ? <ErrorNotice error={failure} /> : null}

      <FormProvider {...form}>
        <form
          id={formId}
          noValidate
          onSubmit={form.handleSubmit((values) => save(values))}
          className="space-y-6"
          data-testid="cluster-edit-form"
        >
          {clusterGroupOrder.map((group) => (
            <FieldGroup key={group} title={t(`steps.${group}`)}>
              <ClusterFieldGroup group={group} passwordStored={cluster.validationPasswordSet} />
            </FieldGroup>
          ))}
        </form>
      </FormProvider>

      <SavedNote namespace="clusters" saved={saved} />

      {inUse ? (
        <ErrorNotice error={remove.error} title={t('inUse.title')}>
          <p>{t('inUse.body', { count: inUse.length })}</p>
          <ul className="list-disc space-y-1 pl-5" data-testid="linked-templates">
            {inUse.map((template) => (
              <li key={template.id}>
                <Link
                  href={templateHref(template.id)}
                  className="font-medium text-brand-700 underline"
                >
                  {template.name}
                </Link>
              </li>
            ))}
          </ul>
        </ErrorNotice>
      ) : remove.isError ? (
        <ErrorNotice error={remove.error} />
      ) : null}

      <EditorActions
        namespace="clusters"
        formId={formId}
        saving={update.isPending}
        onDelete={() => setConfirmingDelete(true)}
        onClose={onClose}
      />

      {confirmingDelete ? (
        <ConfirmDialog
          title={t('deleteConfirm.title', { name: cluster.name })}
          confirmLabel={t('delete')}
          busy={remove.isPending}
          onConfirm={confirmDelete}
          onCancel={() => setConfirmingDelete(false)}
        >
          <p>{t('deleteConfirm.body')}</p>
        </ConfirmDialog>
      ) : null}

      {conflict?.kind === 'confirm' ? (
        <ConfirmDialog
          title={t('wideImpact.title')}
          confirmLabel={t('wideImpact.confirm')}
          tone="primary"
          busy={update.isPending}
          onConfirm={() => void save(conflict.values, true)}
          onCancel={() => setConflict(null)}
        >
          <p>{t('wideImpact.body', { count: conflict.affected })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
