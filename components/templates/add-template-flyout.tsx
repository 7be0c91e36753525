'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';

import { createTemplateSchema } from '@/lib/templates/schemas';
import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { Flyout } from '@/components/ui/flyout';
import { StepperForm } from '@/components/ui/stepper';

import {
  emptyTemplateForm,
  markFieldErrors,
  templateGroupOrder,
  templateGroups,
  templateRequest,
  templateResolver,
  templateSchemaFor,
  type TemplateFormValues,
} from './template-form-model';
import { ProvisioningValues } from './provisioning-values';
import { TemplateFieldGroup } from './template-fields';
import { useCreateTemplate } from './template-queries';
import { TemplateSummary } from './template-review';
import type { Template } from './template-types';

const stepSchemas = [
  ...templateGroupOrder.map((group) => templateSchemaFor(templateGroups[group], true)),
  createTemplateSchema,
];

/**
 * Adds a customer template in steps grouped as the product describes them. Once created, it
 * shows the provisioning ID and URL that BroadWorks needs, ready to copy.
 */
export function AddTemplateFlyout({
  onClose,
  onOpen,
}: {
  onClose: () => void;
  onOpen: (template: Template) => void;
}) {
  const t = useTranslations('templates');
  const locale = useLocale();
  const [step, setStep] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const [created, setCreated] = useState<Template | null>(null);
  const create = useCreateTemplate();
  const form = useForm<TemplateFormValues>({
    defaultValues: emptyTemplateForm(locale),
    // The options are read on every render, so each step is checked with its own schema.
    resolver: templateResolver(stepSchemas[step]!),
  });

  const steps = [
    ...templateGroupOrder.map((group) => ({ id: group, title: t(`steps.${group}`) })),
    { id: 'review', title: t('steps.review') },
  ];
  const last = steps.length - 1;

  async function submit(values: TemplateFormValues) {
    if (step < last) {
      setStep(step + 1);
      return;
    }

    setFailure(null);
    try {
      const template = await create.mutateAsync(templateRequest(values));
      // The password leaves the browser's memory as soon as it is no longer needed.
      form.reset(emptyTemplateForm(locale));
      setCreated(template);
    } catch (error) {
      const marked = markFieldErrors(error, form.setError);
      const group = templateGroupOrder.findIndex((name) =>
        templateGroups[name].some((field) => marked.includes(field)),
      );
      if (group >= 0) setStep(group);
      else setFailure(error);
    }
  }

  if (created) {
    return (
      <Flyout
        title={t('createdTitle', { name: created.name })}
        onClose={onClose}
        testId="template-created"
        footer={
          <>
            <Button variant="secondary" onClick={() => onOpen(created)}>
              {t('openTemplate')}
            </Button>
            <Button onClick={onClose}>{t('done')}</Button>
          </>
        }
      >
        <CreatedTemplate template={created} />
      </Flyout>
    );
  }

  return (
    <Flyout
      title={t('addTitle')}
      subtitle={t('addSubtitle')}
      onClose={onClose}
      testId="add-template"
    >
      <FormProvider {...form}>
        <StepperForm
          steps={steps}
          current={step}
          onSubmit={form.handleSubmit(submit)}
          onBack={() => setStep(step - 1)}
          onCancel={onClose}
          finalLabel={t('create')}
          busy={create.isPending}
          notice={failure ? <ErrorNotice error={failure} /> : null}
        >
          {step < last ? (
            <TemplateFieldGroup group={templateGroupOrder[step]!} editing={false} />
          ) : (
            <TemplateSummary values={form.getValues()} passwordLabel={t('passwordWillBeSet')} />
          )}
        </StepperForm>
      </FormProvider>
    </Flyout>
  );
}

function CreatedTemplate({ template }: { template: Template }) {
  const t = useTranslations('templates');
  const messageRef = useRef<HTMLParagraphElement>(null);

  // The form that had focus is gone; the admin continues from the confirmation.
  useEffect(() => messageRef.current?.focus(), []);

  return (
    <div className="space-y-5">
      <p ref={messageRef} tabIndex={-1} role="status" className="text-sm focus:outline-none">
        {t('createdBody')}
      </p>
      <ProvisioningValues template={template} />
    </div>
  );
}
