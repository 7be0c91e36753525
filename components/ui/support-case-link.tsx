'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

/** Opens the support case helper with what the error already tells about the problem. */
export function SupportCaseLink({
  trackingId,
  customerOrgId,
  email,
}: {
  trackingId?: string | null;
  customerOrgId?: string;
  email?: string | null;
}) {
  const t = useTranslations('supportTools');
  const query = new URLSearchParams();
  if (trackingId) query.set('trackingId', trackingId);
  if (customerOrgId) query.set('customerOrgId', customerOrgId);
  if (email) query.set('email', email);
  const text = query.toString();

  return (
    <Link
      href={text ? `/support/case?${text}` : '/support/case'}
      data-testid="support-case-link"
      className="text-xs font-medium underline underline-offset-2 hover:no-underline"
    >
      {t('caseLink')}
    </Link>
  );
}
