import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { CustomerView } from '@/components/customers/customer-view';
import { requirePageUser } from '@/lib/auth/page-user';
import { can } from '@/lib/auth/permissions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('customers');
  return { title: t('detail.title') };
}

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;

  return <CustomerView customerId={id} canWrite={can(user.role, 'write')} />;
}
