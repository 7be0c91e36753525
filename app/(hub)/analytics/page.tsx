import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AnalyticsView } from '@/components/analytics/analytics-view';
import { requirePageUser } from '@/lib/auth/page-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('analytics');
  return { title: t('title') };
}

export default async function AnalyticsPage() {
  await requirePageUser();

  return <AnalyticsView />;
}
