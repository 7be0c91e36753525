import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { TrackingLookupView } from '@/components/support-tools/tracking-lookup-view';
import { requirePageUser } from '@/lib/auth/page-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('supportTools.lookup');
  return { title: t('title') };
}

export default async function TrackingLookupPage() {
  await requirePageUser();

  return <TrackingLookupView />;
}
