import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { StatusView } from '@/components/status/status-view';
import { requirePageUser } from '@/lib/auth/page-user';
import { can } from '@/lib/auth/permissions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('serviceStatus');
  return { title: t('title') };
}

export default async function StatusPage() {
  const user = await requirePageUser();

  return <StatusView canWrite={can(user.role, 'write')} />;
}
