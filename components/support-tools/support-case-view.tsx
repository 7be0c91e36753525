'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';

import { PageHeader } from '@/components/empty-state';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, TextField } from '@/components/ui/field';
import {
  supportCaseFileName,
  supportCaseText,
  validateSupportCase,
  type SupportCaseField,
} from '@/lib/support-tools/support-case';

import { SupportBreadcrumbs } from './support-breadcrumbs';

type Values = Record<SupportCaseField, string>;

const textareaClasses = [
  'mt-1 block w-full rounded-md border border-line bg-white px-3 py-2 text-sm shadow-xs',
  'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
  'aria-invalid:border-red-600',
].join(' ');

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Support › Support case: the facts of a problem gathered into text for the vendor's support. */
export function SupportCaseView({ initial }: { initial: Partial<Values> }) {
  const t = useTranslations('supportTools.case');
  const [values, setValues] = useState<Values>({
    partnerOrgId: initial.partnerOrgId ?? '',
    customerOrgId: initial.customerOrgId ?? '',
    trackingId: initial.trackingId ?? '',
    email: initial.email ?? '',
    clientVersions: initial.clientVersions ?? '',
    summary: '',
  });
  const [errors, setErrors] = useState<Partial<Record<SupportCaseField, string>>>({});
  const [prepared, setPrepared] = useState<{ text: string; fileName: string }>();

  const errorOf = (field: SupportCaseField) =>
    errors[field] ? t(`errors.${errors[field]}` as 'errors.invalid') : undefined;

  function change(field: SupportCaseField, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setPrepared(undefined);
  }

  function prepare(event: FormEvent) {
    event.preventDefault();
    const result = validateSupportCase(values);
    if (!result.ok) {
      setErrors(result.errors);
      setPrepared(undefined);
      return;
    }

    setErrors({});
    const now = new Date();
    setPrepared({
      text: supportCaseText(result.value, now),
      fileName: supportCaseFileName(result.value, now),
    });
  }

  const optional = { optional: true, optionalLabel: t('optional') };
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <>
      <SupportBreadcrumbs current={t('title')} />
      <PageHeader title={t('title')} />
      <p className="mb-6 max-w-3xl text-sm text-muted">{t('intro')}</p>

      <div className="grid gap-8 lg:grid-cols-2">
        <form onSubmit={prepare} noValidate className="space-y-4" data-testid="support-case-form">
          <TextField
            label={t('partnerOrgId')}
            hint={t('partnerOrgIdHint')}
            error={errorOf('partnerOrgId')}
            name="partnerOrgId"
            value={values.partnerOrgId}
            className="font-mono"
            onChange={(event) => change('partnerOrgId', event.target.value)}
          />
          <TextField
            label={t('customerOrgId')}
            hint={t('customerOrgIdHint')}
            error={errorOf('customerOrgId')}
            name="customerOrgId"
            value={values.customerOrgId}
            className="font-mono"
            onChange={(event) => change('customerOrgId', event.target.value)}
            {...optional}
          />
          <TextField
            label={t('trackingId')}
            hint={t('trackingIdHint')}
            error={errorOf('trackingId')}
            name="trackingId"
            value={values.trackingId}
            className="font-mono"
            spellCheck={false}
            onChange={(event) => change('trackingId', event.target.value)}
            {...optional}
          />
          <TextField
            label={t('email')}
            hint={t('emailHint')}
            error={errorOf('email')}
            name="email"
            type="email"
            value={values.email}
            onChange={(event) => change('email', event.target.value)}
            {...optional}
          />
          <Field
            label={t('clientVersions')}
            hint={t('clientVersionsHint')}
            error={errorOf('clientVersions')}
            {...optional}
          >
            {(control) => (
              <textarea
                {...control}
                name="clientVersions"
                rows={3}
                value={values.clientVersions}
                className={textareaClasses}
                onChange={(event) => change('clientVersions', event.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('summary')}
            hint={t('summaryHint')}
            error={errorOf('summary')}
            {...optional}
          >
            {(control) => (
              <textarea
                {...control}
                name="summary"
                rows={4}
                value={values.summary}
                className={textareaClasses}
                onChange={(event) => change('summary', event.target.value)}
              />
            )}
          </Field>
          {hasErrors ? (
            <p role="alert" className="text-sm text-red-700">
              {t('fixErrors')}
            </p>
          ) : null}
          <Button type="submit">{t('prepare')}</Button>
        </form>

        {prepared ? (
          <section aria-label={t('caseText')} className="space-y-3">
            <h2 className="text-base font-semibold">{t('caseText')}</h2>
            <pre
              data-testid="support-case-text"
              className="overflow-x-auto rounded-lg border border-line bg-white px-4 py-3 font-mono text-xs whitespace-pre-wrap"
            >
              {prepared.text}
            </pre>
            <div className="flex flex-wrap gap-2">
              <CopyButton value={prepared.text} label={t('copy')} />
              <Button
                variant="secondary"
                className="px-2.5 py-1 text-xs"
                onClick={() => download(prepared.text, prepared.fileName)}
              >
                {t('download')}
              </Button>
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
