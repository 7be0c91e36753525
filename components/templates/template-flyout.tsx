'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';

import { isApiError } from '@/components/ui/api-client';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { FieldGroup } from '@/components/ui/field';
import { Flyout } from '@/components/ui/flyout';
import { EditorActions, SavedNote, StaleVersionNotice } from '@/components/ui/record-editor';
import { clusterHref } from '@/components/ui/settings-links';
import { StatusBadge } from '@/components/ui/status-badge';

import { ProvisioningValues } from './provisioning-values';
import {
  markFieldErrors,
  templateFieldNames,
  templateFormValues,
  templateGroupOrder,
  templateRequest,
  templateResolver,
  templateSchemaFor,
  type TemplateFormValues,
} from './template-form-model';
import { TemplateFieldGroup } from './template-fields';
import {
  refetchTemplate,
  useDeleteTemplate,
  useTemplate,
  useUpdateTemplate,
} from './template-queries';
import { TemplateSummary } from './template-review';
import type { Template } from './template-types';

const editSchema = templateSchemaFor(templateFieldNames, false);

/** A customer template in the flyout: provisioning values, settings, edit and delete. */
export function TemplateFlyout({
  templateId,
  canWrite,
  onClose,
  onDeleted,
  returnFocus,
}: {
  templateId: string;
  canWrite: boolean;
  onClose: () => void;
  onDeleted: (template: Template) => void;
  returnFocus: () => HTMLElement | null | undefined;
}) {
  const t = useTranslations('templates');
  const query = useTemplate(templateId);
  const template = query.data;

  return (
    <Flyout
      title={template?.name ?? t('loading')}
      subtitle={template ? <TemplateHeadline template={template} /> : null}
      onClose={onClose}
      returnFocus={returnFocus}
      testId="template-flyout"
    >
      {template ? (
        <div className="space-y-8">
          <section aria-labelledby="template-provisioning-title" className="space-y-3">
            <h3 id="template-provisioning-title" className="text-base font-semibold">
              {t('provisioningTitle')}
            </h3>
            <p className="text-xs text-muted">{t('provisioningExplanation')}</p>
            <ProvisioningValues template={template} />
          </section>
          {canWrite ? (
            <TemplateEditor template={template} onClose={onClose} onDeleted={onDeleted} />
          ) : (
            <section aria-labelledby="template-settings-title" className="space-y-3">
              <h3 id="template-settings-title" className="text-base font-semibold">
                {t('settingsTitle')}
              </h3>
              <TemplateSummary
                values={templateFormValues(template)}
                clusterName={template.cluster.name}
                passwordLabel={t('passwordStored')}
              />
            </section>
          )}
        </div>
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

function TemplateHeadline({ template }: { template: Template }) {
  const t = useTranslations('templates');

  return (
    <span className="flex flex-wrap items-center gap-2">
      <span>
        {t('clusterLabel')}{' '}
        <Link
          href={clusterHref(template.cluster.id)}
          className="font-medium text-brand-700 underline"
          data-testid="template-cluster-link"
        >
          {template.cluster.name}
        </Link>
      </span>
      <span aria-hidden="true">·</span>
      <span>{t(`packages.${template.defaultPackage}`)}</span>
      <span aria-hidden="true">·</span>
      <StatusBadge tone={template.flowthroughEnabled ? 'success' : 'neutral'}>
        {template.flowthroughEnabled ? t('flowthroughOn') : t('flowthroughOff')}
      </StatusBadge>
      <span aria-hidden="true">·</span>
      <span>{t('customerOrgCount', { count: template.customerOrgCount })}</span>
    </span>
  );
}

function TemplateEditor({
  template,
  onClose,
  onDeleted,
}: {
  template: Template;
  onClose: () => void;
  onDeleted: (template: Template) => void;
}) {
  const t = useTranslations('templates');
  const formId = useId();
  const queryClient = useQueryClient();
  const update = useUpdateTemplate(template.id);
  const remove = useDeleteTemplate(template.id);
  const [stale, setStale] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [reloading, setReloading] = useState(false);
  const form = useForm<TemplateFormValues>({
    defaultValues: templateFormValues(template),
    resolver: templateResolver(editSchema),
  });

  // Someone else's change arrived in the background: show it unless the admin is editing.
  useEffect(() => {
    if (!form.formState.isDirty) form.reset(templateFormValues(template));
  }, [template, form]);

  async function save(values: TemplateFormValues) {
    setFailure(null);
    setSaved(false);
    try {
      const updated = await update.mutateAsync({
        ...templateRequest(values),
        version: template.version,
      });
      setStale(false);
      form.reset(templateFormValues(updated));
      setSaved(true);
    } catch (error) {
      if (isApiError(error, 409) && error.reason === 'stale_version') setStale(true);
      else if (markFieldErrors(error, form.setError).length === 0) setFailure(error);
    }
  }

  async function reload() {
    setReloading(true);
    try {
      form.reset(templateFormValues(await refetchTemplate(queryClient, template.id)));
      setStale(false);
    } catch (error) {
      setFailure(error);
    } finally {
      setReloading(false);
    }
  }

  function confirmDelete() {
    remove.mutate(undefined, {
      onSuccess: () => onDeleted(template),
      onSettled: () => setConfirmingDelete(false),
    });
  }

  const inUseCount =
    isApiError(remove.error, 409) && remove.error.reason === 'template_in_use'
      ? Number(remove.error.body?.customerOrgCount ?? template.customerOrgCount)
      : null;

  return (
    <section aria-labelledby="template-settings-title" className="space-y-4">
      <h3 id="template-settings-title" className="text-base font-semibold">
        {t('settingsTitle')}
      </h3>

      {stale ? (
        <StaleVersionNotice
          namespace="templates"
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
          onSubmit={form.handleSubmit(save)}
          className="space-y-6"
          data-testid="template-edit-form"
        >
          {templateGroupOrder.map((group) => (
            <FieldGroup key={group} title={t(`steps.${group}`)}>
              <TemplateFieldGroup group={group} editing />
            </FieldGroup>
          ))}
        </form>
      </FormProvider>

      <SavedNote namespace="templates" saved={saved} />

      {inUseCount !== null ? (
        <ErrorNotice error={remove.error} title={t('inUse.title')}>
          <p>{t('inUse.body', { count: inUseCount })}</p>
        </ErrorNotice>
      ) : remove.isError ? (
        <ErrorNotice error={remove.error} />
      ) : null}

      <EditorActions
        namespace="templates"
        formId={formId}
        saving={update.isPending}
        onDelete={() => setConfirmingDelete(true)}
        onClose={onClose}
      />

      {confirmingDelete ? (
        <ConfirmDialog
          title={t('deleteConfirm.title', { name: template.name })}
          confirmLabel={t('delete')}
          busy={remove.isPending}
          onConfirm={confirmDelete}
          onCancel={() => setConfirmingDelete(false)}
        >
          <p>{t('deleteConfirm.body')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
