import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';

import { SupportCaseView } from '@/components/support-tools/support-case-view';
import { requirePageUser } from '@/lib/auth/page-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('supportTools.case');
  return { title: t('title') };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) =>
  typeof value === 'string' ? value.slice(0, 300) : undefined;

/**
 * The support case helper, filled in with what is known already: the partner from the session,
 * the TrackingID, customer and user from the error that linked here, the browser in use.
 */
export default async function SupportCasePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  const query = await searchParams;
  const browser = (await headers()).get('user-agent')?.slice(0, 300);

  return (
    <SupportCaseView
      initial={{
        partnerOrgId: user.partnerId,
        trackingId: single(query.trackingId),
        customerOrgId: single(query.customerOrgId),
        email: single(query.email),
        clientVersions: browser ? `Browser: ${browser}` : undefined,
      }}
    />
  );
}
