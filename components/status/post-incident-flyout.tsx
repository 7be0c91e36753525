'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import {
  createIncidentSchema,
  incidentImpacts,
  type CreateIncidentInput,
} from '@/lib/status/schemas';
import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { Field, RadioGroupField, TextField } from '@/components/ui/field';
import { Flyout } from '@/components/ui/flyout';
import { applyFieldErrors } from '@/components/ui/form-errors';

import { usePostIncident } from './status-queries';
import type { Incident } from './status-types';

const formFields = ['title', 'message', 'impact'] as const;

const textAreaClasses = [
  'mt-1 block w-full rounded-md border border-line bg-white px-3 py-2 text-sm shadow-xs',
  'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
  'aria-invalid:border-red-600',
].join(' ');

/** A full admin posts an incident; it shows on every page of every user until resolved. */
export function PostIncidentFlyout({
  onClose,
  onPosted,
}: {
  onClose: () => void;
  onPosted: (incident: Incident) => void;
}) {
  const t = useTranslations('serviceStatus');
  const [failure, setFailure] = useState<unknown>(null);
  const post = usePostIncident();
  const form = useForm<CreateIncidentInput>({
    resolver: zodResolver(createIncidentSchema),
    defaultValues: { title: '', message: '', impact: 'degraded' },
  });
  const { errors } = form.formState;

  async function submit(input: CreateIncidentInput) {
    setFailure(null);
    try {
      onPosted(await post.mutateAsync(input));
    } catch (error) {
      if (applyFieldErrors(error, form.setError, formFields).length === 0) setFailure(error);
    }
  }

  return (
    <Flyout
      title={t('postTitle')}
      subtitle={t('postSubtitle')}
      onClose={onClose}
      testId="post-incident"
    >
      <form onSubmit={form.handleSubmit(submit)} noValidate className="space-y-5">
        <TextField
          label={t('fields.title')}
          hint={t('hints.title')}
          error={errors.title?.message}
          autoComplete="off"
          maxLength={160}
          {...form.register('title')}
        />
        <Field
          label={t('fields.message')}
          hint={t('hints.message')}
          error={errors.message?.message}
        >
          {(control) => (
            <textarea
              {...form.register('message')}
              {...control}
              rows={6}
              maxLength={4000}
              className={textAreaClasses}
            />
          )}
        </Field>
        <RadioGroupField
          legend={t('fields.impact')}
          error={errors.impact?.message}
          options={incidentImpacts.map((impact) => ({
            value: impact,
            label: t(`impact.${impact}`),
            hint: t(`impactHints.${impact}`),
          }))}
          inputProps={form.register('impact')}
        />

        {failure ? <ErrorNotice error={failure} /> : null}

        <div className="flex justify-end gap-3 border-t border-line pt-4">
          <Button variant="ghost" onClick={onClose} disabled={post.isPending}>
            {t('cancel')}
          </Button>
          <Button type="submit" busy={post.isPending}>
            {t('post')}
          </Button>
        </div>
      </form>
    </Flyout>
  );
}
