import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { TokensView } from '@/components/tokens/tokens-view';
import { requirePageUser } from '@/lib/auth/page-user';
import { can } from '@/lib/auth/permissions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('apiTokens');
  return { title: t('title') };
}

export default async function ApiTokensPage() {
  const user = await requirePageUser();

  return <TokensView canWrite={can(user.role, 'write')} />;
}
