import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { CustomersView } from '@/components/customers/customers-view';
import { requirePageUser } from '@/lib/auth/page-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('customers');
  return { title: t('title') };
}

export default async function CustomersPage() {
  await requirePageUser();

  return <CustomersView />;
}
