'use client';

import { useTranslations } from 'next-intl';

import { CopyableValue } from '@/components/ui/copy-button';

import type { Template } from './template-types';

/** The two values BroadWorks is configured with, each with a copy button. */
export function ProvisioningValues({ template }: { template: Template }) {
  const t = useTranslations('templates');

  return (
    <dl className="space-y-4">
      <CopyableValue
        label={t('fields.provisioningId')}
        value={template.provisioningId}
        copyLabel={t('copyProvisioningId')}
        testId="provisioning-id"
      />
      <CopyableValue
        label={t('fields.provisioningUrl')}
        value={template.provisioningUrl}
        copyLabel={t('copyProvisioningUrl')}
        testId="provisioning-url"
      />
    </dl>
  );
}
