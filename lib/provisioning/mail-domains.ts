import type { Prisma } from '@/lib/generated/prisma/client';

// Addresses at these providers belong to people, not to one customer's domain.
export const sharedMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'ziggo.nl',
  'kpnmail.nl',
  'planet.nl',
  'hetnet.nl',
  'home.nl',
  'xs4all.nl',
  'telfort.nl',
]);

/**
 * The first subscriber, not in error, with an address at the domain: its customer owns the
 * domain. None for a missing domain or one of the shared providers.
 */
export async function emailDomainOwner(
  tx: Prisma.TransactionClient,
  partnerId: string,
  emailDomain: string | null,
) {
  if (!emailDomain || sharedMailDomains.has(emailDomain)) return null;

  return tx.subscriber.findFirst({
    where: { partnerId, emailDomain, status: { not: 'error' } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { customerOrgId: true, templateId: true, spEnterpriseId: true },
  });
}
