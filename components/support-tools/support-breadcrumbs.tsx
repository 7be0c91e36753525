'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { Breadcrumbs } from '@/components/ui/breadcrumbs';

/** Support › <tool>, the trail above each support tool. */
export function SupportBreadcrumbs({ current }: { current: string }) {
  const t = useTranslations('supportTools');
  const tNav = useTranslations('nav');

  return (
    <Breadcrumbs
      label={t('breadcrumbs')}
      items={[
        <Link key="support" href="/support" className="hover:underline">
          {tNav('support')}
        </Link>,
        current,
      ]}
    />
  );
}
