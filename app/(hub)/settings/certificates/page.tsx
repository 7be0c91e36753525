import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { CertificatesView } from '@/components/certificates/certificates-view';
import { requirePageUser } from '@/lib/auth/page-user';
import { can } from '@/lib/auth/permissions';
import { ensureClientIdentities } from '@/lib/certificates/client-identity';
import { partnerDb } from '@/lib/tenancy/partner-db';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('certificates');
  return { title: t('title') };
}

export default async function CertificatesPage() {
  const user = await requirePageUser();
  // The first visit is a first need: the partner's chain exists before anything asks for it.
  await ensureClientIdentities(partnerDb(user.partnerId), user.partnerId);

  return <CertificatesView canWrite={can(user.role, 'write')} />;
}
