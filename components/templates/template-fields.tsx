'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useFormContext } from 'react-hook-form';

import { emailLanguages, subscriberPackages } from '@/lib/templates/schemas';
import { useClusters } from '@/components/clusters/cluster-queries';
import { ErrorNotice } from '@/components/ui/error-notice';
import { CheckboxField, RadioGroupField, SelectField, TextField } from '@/components/ui/field';

import { languageName, regionOptions } from './regions';
import type { TemplateFormValues, TemplateGroup } from './template-form-model';

/**
 * One group of the template form. The add steps and the edit form in the flyout show the
 * same groups, so a field looks and behaves the same in both.
 */
export function TemplateFieldGroup({ group, editing }: { group: TemplateGroup; editing: boolean }) {
  const t = useTranslations('templates');
  const tUi = useTranslations('ui');
  const locale = useLocale();
  const { register, formState } = useFormContext<TemplateFormValues>();
  const { errors } = formState;
  const optional = { optional: true, optionalLabel: tUi('optional') };
  const regions = useMemo(() => regionOptions(locale), [locale]);

  switch (group) {
    case 'details':
      return (
        <>
          <TextField
            label={t('fields.name')}
            hint={t('hints.name')}
            autoComplete="off"
            error={errors.name?.message}
            {...register('name')}
          />
          <SelectField
            label={t('fields.countryCode')}
            error={errors.countryCode?.message}
            {...register('countryCode')}
          >
            <option value="">{t('chooseCountry')}</option>
            {regions.map((region) => (
              <option key={region.code} value={region.code}>
                {region.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('fields.emailLanguage')}
            hint={t('hints.emailLanguage')}
            error={errors.emailLanguage?.message}
            {...register('emailLanguage')}
          >
            {emailLanguages.map((language) => (
              <option key={language} value={language}>
                {languageName(language, locale)}
              </option>
            ))}
          </SelectField>
        </>
      );

    case 'service':
      return <ClusterSelect />;

    case 'provisioning':
      return (
        <>
          <CheckboxField
            label={t('fields.flowthroughEnabled')}
            hint={t('hints.flowthroughEnabled')}
            {...register('flowthroughEnabled')}
          />
          <TextField
            label={t('fields.provisioningAccount')}
            hint={t('hints.provisioningAccount')}
            autoComplete="off"
            error={errors.provisioningAccount?.message}
            {...register('provisioningAccount')}
          />
          <TextField
            type="password"
            label={t('fields.provisioningPassword')}
            hint={editing ? t('hints.provisioningPasswordKeep') : t('hints.provisioningPassword')}
            autoComplete="new-password"
            error={errors.provisioningPassword?.message}
            {...(editing ? optional : {})}
            {...register('provisioningPassword')}
          />
          <TextField
            type="password"
            label={t('fields.provisioningPasswordConfirm')}
            autoComplete="new-password"
            error={errors.provisioningPasswordConfirm?.message}
            {...(editing ? optional : {})}
            {...register('provisioningPasswordConfirm')}
          />
          <CheckboxField
            label={t('fields.createOrgsAutomatically')}
            hint={t('hints.createOrgsAutomatically')}
            {...register('createOrgsAutomatically')}
          />
          <TextField
            type="email"
            label={t('fields.spAdminEmail')}
            hint={t('hints.spAdminEmail')}
            autoComplete="off"
            error={errors.spAdminEmail?.message}
            {...optional}
            {...register('spAdminEmail')}
          />
          <RadioGroupField
            legend={t('fields.orgMode')}
            error={errors.orgMode?.message}
            options={[
              {
                value: 'enterprise',
                label: t('orgMode.enterprise'),
                hint: t('orgMode.enterpriseHint'),
              },
              { value: 'group', label: t('orgMode.group'), hint: t('orgMode.groupHint') },
            ]}
            inputProps={register('orgMode')}
          />
        </>
      );

    case 'packages':
      return (
        <RadioGroupField
          legend={t('fields.defaultPackage')}
          hint={t('hints.defaultPackage')}
          error={errors.defaultPackage?.message}
          options={subscriberPackages.map((value) => ({
            value,
            label: t(`packages.${value}`),
          }))}
          inputProps={register('defaultPackage')}
        />
      );

    case 'options':
      return (
        <>
          <CheckboxField
            label={t('fields.disableFreeCalling')}
            hint={t('hints.disableFreeCalling')}
            {...register('disableFreeCalling')}
          />
          <RadioGroupField
            legend={t('fields.callInNumbers')}
            error={errors.callInNumbers?.message}
            options={[
              { value: 'cloud', label: t('callInNumbers.cloud') },
              { value: 'partner', label: t('callInNumbers.partner') },
            ]}
            inputProps={register('callInNumbers')}
          />
        </>
      );

    case 'emailTrust':
      return (
        <>
          <RadioGroupField
            legend={t('fields.emailTrust')}
            error={errors.emailTrust?.message}
            options={[
              {
                value: 'trusted',
                label: t('emailTrust.trusted'),
                hint: t('emailTrust.trustedHint'),
              },
              {
                value: 'untrusted',
                label: t('emailTrust.untrusted'),
                hint: t('emailTrust.untrustedHint'),
              },
            ]}
            inputProps={register('emailTrust')}
          />
          <CheckboxField
            label={t('fields.provisionAdminFirst')}
            hint={t('hints.provisionAdminFirst')}
            {...register('provisionAdminFirst')}
          />
          <CheckboxField
            label={t('fields.allowSelfActivation')}
            hint={t('hints.allowSelfActivation')}
            {...register('allowSelfActivation')}
          />
        </>
      );

    case 'authentication':
      return (
        <RadioGroupField
          legend={t('fields.authenticationMode')}
          hint={t('hints.authenticationMode')}
          error={errors.authenticationMode?.message}
          options={[
            { value: 'broadworks', label: t('authenticationMode.broadworks') },
            { value: 'cloud', label: t('authenticationMode.cloud') },
          ]}
          inputProps={register('authenticationMode')}
        />
      );

    case 'preferences':
      return (
        <>
          <CheckboxField
            label={t('fields.prefillLoginEmail')}
            hint={t('hints.prefillLoginEmail')}
            {...register('prefillLoginEmail')}
          />
          <CheckboxField
            label={t('fields.directorySync')}
            hint={t('hints.directorySync')}
            {...register('directorySync')}
          />
          <TextField
            label={t('fields.partnerAdminDisplayName')}
            hint={t('hints.partnerAdminDisplayName')}
            autoComplete="off"
            error={errors.partnerAdminDisplayName?.message}
            {...optional}
            {...register('partnerAdminDisplayName')}
          />
        </>
      );
  }
}

function ClusterSelect() {
  const t = useTranslations('templates');
  const { register, formState } = useFormContext<TemplateFormValues>();
  const clusters = useClusters();

  // Rendered once the options are there, so that the form's value finds its option.
  if (clusters.isPending) {
    return (
      <p role="status" className="text-sm text-muted">
        {t('loadingClusters')}
      </p>
    );
  }
  if (clusters.isError) return <ErrorNotice error={clusters.error} />;
  if (clusters.data.length === 0) {
    return (
      <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        {t.rich('noClusters', {
          link: (chunks) => (
            <Link href="/settings/broadworks-calling/clusters" className="font-medium underline">
              {chunks}
            </Link>
          ),
        })}
      </p>
    );
  }

  return (
    <SelectField
      label={t('fields.clusterId')}
      hint={t('hints.clusterId')}
      error={formState.errors.clusterId?.message}
      {...register('clusterId')}
    >
      <option value="">{t('chooseCluster')}</option>
      {clusters.data.map((cluster) => (
        <option key={cluster.id} value={cluster.id}>
          {cluster.name} ({cluster.release})
        </option>
      ))}
    </SelectField>
  );
}
