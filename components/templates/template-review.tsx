'use client';

import { useLocale, useTranslations } from 'next-intl';

import { useClusters } from '@/components/clusters/cluster-queries';
import { ReviewList } from '@/components/ui/stepper';

import { languageName, regionName } from './regions';
import type { TemplateFormValues } from './template-form-model';

type Settings = Omit<TemplateFormValues, 'provisioningPassword' | 'provisioningPasswordConfirm'>;

/** A template's settings in words; the password only ever as set or not. */
export function TemplateSummary({
  values,
  clusterName,
  passwordLabel,
}: {
  values: Settings;
  clusterName?: string;
  passwordLabel: string;
}) {
  const t = useTranslations('templates');
  const tUi = useTranslations('ui');
  const locale = useLocale();
  const clusters = useClusters();
  const onOff = (value: boolean | undefined) => (value ? tUi('on') : tUi('off'));
  const cluster =
    clusterName ?? clusters.data?.find((item) => item.id === values.clusterId)?.name ?? '';

  return (
    <ReviewList
      rows={[
        { label: t('fields.name'), value: values.name },
        { label: t('fields.countryCode'), value: regionName(values.countryCode, locale) },
        { label: t('fields.emailLanguage'), value: languageName(values.emailLanguage, locale) },
        { label: t('fields.clusterId'), value: cluster },
        { label: t('fields.flowthroughEnabled'), value: onOff(values.flowthroughEnabled) },
        { label: t('fields.provisioningAccount'), value: values.provisioningAccount },
        { label: t('fields.provisioningPassword'), value: passwordLabel },
        {
          label: t('fields.createOrgsAutomatically'),
          value: onOff(values.createOrgsAutomatically),
        },
        { label: t('fields.spAdminEmail'), value: values.spAdminEmail || tUi('none') },
        { label: t('fields.orgMode'), value: t(`orgMode.${values.orgMode}`) },
        { label: t('fields.defaultPackage'), value: t(`packages.${values.defaultPackage}`) },
        { label: t('fields.disableFreeCalling'), value: onOff(values.disableFreeCalling) },
        { label: t('fields.callInNumbers'), value: t(`callInNumbers.${values.callInNumbers}`) },
        { label: t('fields.emailTrust'), value: t(`emailTrust.${values.emailTrust}`) },
        { label: t('fields.provisionAdminFirst'), value: onOff(values.provisionAdminFirst) },
        { label: t('fields.allowSelfActivation'), value: onOff(values.allowSelfActivation) },
        {
          label: t('fields.authenticationMode'),
          value: t(`authenticationMode.${values.authenticationMode}`),
        },
        { label: t('fields.prefillLoginEmail'), value: onOff(values.prefillLoginEmail) },
        { label: t('fields.directorySync'), value: onOff(values.directorySync) },
        {
          label: t('fields.partnerAdminDisplayName'),
          value: values.partnerAdminDisplayName || tUi('none'),
        },
      ]}
    />
  );
}
