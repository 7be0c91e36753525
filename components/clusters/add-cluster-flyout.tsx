'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';

import { createClusterSchema } from '@/lib/clusters/schemas';
import { ErrorNotice } from '@/components/ui/error-notice';
import { Flyout } from '@/components/ui/flyout';
import { StepperForm } from '@/components/ui/stepper';

import {
  clusterGroupOrder,
  clusterGroups,
  clusterRequest,
  clusterResolver,
  clusterSchemaFor,
  emptyClusterForm,
  markFieldErrors,
  type ClusterFormValues,
} from './cluster-form-model';
import { ClusterFieldGroup } from './cluster-fields';
import { useCreateCluster } from './cluster-queries';
import { ClusterReview } from './cluster-review';
import type { Cluster } from './cluster-types';

const stepSchemas = [
  ...clusterGroupOrder.map((group) => clusterSchemaFor(clusterGroups[group])),
  createClusterSchema,
];

/** Adds a cluster in short steps; each step is checked with its part of the shared schema. */
export function AddClusterFlyout({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (cluster: Cluster) => void;
}) {
  const t = useTranslations('clusters');
  const [step, setStep] = useState(0);
  const create = useCreateCluster();
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<ClusterFormValues>({
    defaultValues: emptyClusterForm,
    // The options are read on every render, so each step is checked with its own schema.
    resolver: clusterResolver(stepSchemas[step]!),
  });

  const steps = [
    ...clusterGroupOrder.map((group) => ({ id: group, title: t(`steps.${group}`) })),
    { id: 'review', title: t('steps.review') },
  ];
  const last = steps.length - 1;

  async function submit(values: ClusterFormValues) {
    if (step < last) {
      setStep(step + 1);
      return;
    }

    setFailure(null);
    try {
      const cluster = await create.mutateAsync(clusterRequest(values));
      onCreated(cluster);
    } catch (error) {
      const marked = markFieldErrors(error, form.setError);
      const group = clusterGroupOrder.findIndex((name) =>
        clusterGroups[name].some((field) => marked.includes(field)),
      );
      if (group >= 0) setStep(group);
      else setFailure(error);
    }
  }

  return (
    <Flyout
      title={t('addTitle')}
      subtitle={t('addSubtitle')}
      onClose={onClose}
      testId="add-cluster"
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
            <ClusterFieldGroup group={clusterGroupOrder[step]!} />
          ) : (
            <ClusterReview values={form.getValues()} />
          )}
        </StepperForm>
      </FormProvider>
    </Flyout>
  );
}
