import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';

import { TemplatesView } from '@/components/templates/templates-view';
import { requirePageUser } from '@/lib/auth/page-user';
import { can } from '@/lib/auth/permissions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('templates');
  return { title: t('title') };
}

export default async function TemplatesPage() {
  const user = await requirePageUser();
  const locale = await getLocale();

  return <TemplatesView canWrite={can(user.role, 'write')} locale={locale} />;
}
