import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { OutboxView } from '@/components/outbox/outbox-view';
import { requirePageUser } from '@/lib/auth/page-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('outbox');
  return { title: t('title') };
}

export default async function OutboxPage() {
  await requirePageUser();

  return <OutboxView />;
}
