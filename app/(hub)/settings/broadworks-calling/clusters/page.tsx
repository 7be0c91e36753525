import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';

import { ClustersView } from '@/components/clusters/clusters-view';
import { requirePageUser } from '@/lib/auth/page-user';
import { can } from '@/lib/auth/permissions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('clusters');
  return { title: t('title') };
}

export default async function ClustersPage() {
  const user = await requirePageUser();
  const locale = await getLocale();

  return <ClustersView canWrite={can(user.role, 'write')} locale={locale} />;
}
