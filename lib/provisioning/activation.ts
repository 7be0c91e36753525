import { createHash } from 'node:crypto';

import { recordAudit } from '@/lib/audit/record-audit';
import { getDatabase } from '@/lib/db/database';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/http/errors';

import { lockCustomerOrg, releaseHeldSubscribers } from './jobs';

function invalidLink(): AppError {
  return new AppError('not_found', 'This activation link is not valid.', [
    'The link may have expired or been used already. Ask your administrator for a new one.',
  ]);
}

/**
 * Confirms an untrusted email address through the link sent to it: the subscriber becomes
 * provisioned, and when it is its organisation's admin, the users held for it go ahead.
 */
export async function activateSubscriber(
  token: string,
  prisma: PrismaClient = getDatabase().prisma,
): Promise<void> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw invalidLink();
  const tokenHash = createHash('sha256').update(token).digest('hex');

  await prisma.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUnique({
      where: { activationTokenHash: tokenHash },
      select: {
        id: true,
        partnerId: true,
        status: true,
        email: true,
        customerOrgId: true,
        activationExpiresAt: true,
        template: { select: { provisionAdminFirst: true } },
      },
    });
    if (
      !subscriber ||
      subscriber.status !== 'pending_email_validation' ||
      !subscriber.activationExpiresAt ||
      subscriber.activationExpiresAt <= new Date()
    ) {
      throw invalidLink();
    }

    // The organisation's lock keeps a subscriber job from settling the same held users.
    if (subscriber.customerOrgId) await lockCustomerOrg(tx, subscriber.customerOrgId);
    await tx.subscriber.update({
      where: { id: subscriber.id },
      data: {
        status: 'provisioned',
        errors: [],
        lastStatusChange: new Date(),
        // The user confirmed the address itself: what the API's selfActivated reports.
        selfActivated: true,
        activationTokenHash: null,
        activationExpiresAt: null,
      },
    });
    if (subscriber.template.provisionAdminFirst && subscriber.customerOrgId) {
      await releaseHeldSubscribers(tx, subscriber.customerOrgId);
    }
    await recordAudit(tx, {
      partnerId: subscriber.partnerId,
      actorLabel: subscriber.email ?? 'subscriber',
      action: 'subscriber.email_confirmed',
      targetType: 'subscriber',
      targetId: subscriber.id,
      outcome: 'success',
    });
  });
}
