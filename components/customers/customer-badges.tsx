'use client';

import { useTranslations } from 'next-intl';

import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';

const customerTones: Record<string, BadgeTone> = {
  provisioning: 'warning',
  active: 'success',
  error: 'error',
};

const subscriberTones: Record<string, BadgeTone> = {
  provisioned: 'success',
  error: 'error',
  provisioning: 'warning',
  updating: 'warning',
};

export function CustomerStatusBadge({ status }: { status: string }) {
  const t = useTranslations('customers.status');

  return (
    <StatusBadge tone={customerTones[status] ?? 'neutral'} testId="customer-status">
      {t.has(status) ? t(status) : status}
    </StatusBadge>
  );
}

export function SubscriberStatusBadge({ status }: { status: string }) {
  const t = useTranslations('customers.subscriberStatus');

  return (
    <StatusBadge tone={subscriberTones[status] ?? 'neutral'} testId="subscriber-status">
      {t.has(status) ? t(status) : status}
    </StatusBadge>
  );
}
