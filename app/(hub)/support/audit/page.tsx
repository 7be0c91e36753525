import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { AuditLogView } from '@/components/support-tools/audit-log-view';
import { requirePageUser } from '@/lib/auth/page-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('supportTools.audit');
  return { title: t('title') };
}

export default async function AuditLogPage() {
  await requirePageUser();

  return <AuditLogView />;
}
