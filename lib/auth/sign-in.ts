import { recordAudit } from '@/lib/audit/record-audit';
import type { PrismaClient } from '@/lib/generated/prisma/client';

import { decoyPasswordHash, passwordMaxLength, verifyPassword } from './password';
import {
  accountKey,
  addressKey,
  clearAccountFailures,
  lockedUntil,
  recordFailure,
} from './throttle';

export interface SignedInUser {
  id: string;
  partnerId: string;
  sessionVersion: number;
}

export type SignInResult =
  | { outcome: 'signed_in'; user: SignedInUser }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; until: Date };

export interface SignInAttempt {
  email: string;
  password: string;
  clientIp: string;
  trackingId: string;
}

/**
 * Checks a password sign-in. Unknown account, wrong password and deactivated account all
 * give the same `invalid` answer and take about as long.
 */
export async function attemptSignIn(
  prisma: PrismaClient,
  attempt: SignInAttempt,
): Promise<SignInResult> {
  const email = attempt.email.trim().toLowerCase();
  const keys = [accountKey(email), addressKey(attempt.clientIp)];
  const audit = { clientIp: attempt.clientIp, trackingId: attempt.trackingId };

  const until = await lockedUntil(prisma, keys);
  const user = email ? await prisma.user.findUnique({ where: { email } }) : null;

  if (until) {
    await recordAudit(prisma, {
      ...audit,
      partnerId: user?.partnerId ?? null,
      actorUserId: user?.id,
      actorLabel: email || '(empty)',
      action: 'sign_in',
      outcome: 'failure',
      details: { reason: 'locked' },
    });
    return { outcome: 'locked', until };
  }

  const passwordFits = attempt.password.length > 0 && attempt.password.length <= passwordMaxLength;
  const passwordMatches =
    passwordFits &&
    (await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), attempt.password));

  if (!user || !user.active || !passwordMatches) {
    await recordFailure(prisma, keys);
    await recordAudit(prisma, {
      ...audit,
      partnerId: user?.partnerId ?? null,
      actorUserId: user?.id,
      actorLabel: email || '(empty)',
      action: 'sign_in',
      outcome: 'failure',
      details: {
        reason: !user ? 'unknown_account' : !user.active ? 'deactivated' : 'wrong_password',
      },
    });
    return { outcome: 'invalid' };
  }

  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, {
      ...audit,
      partnerId: user.partnerId,
      actorUserId: user.id,
      actorLabel: email,
      action: 'sign_in',
      outcome: 'success',
    });
  });
  await clearAccountFailures(prisma, email);

  return {
    outcome: 'signed_in',
    user: { id: user.id, partnerId: user.partnerId, sessionVersion: user.sessionVersion },
  };
}

/** Ends every session of the user: their tokens carry the old version from now on. */
export async function endSessions(
  prisma: PrismaClient,
  options: { userId: string; reason: 'sign_out' | 'deactivated'; trackingId?: string },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: options.userId },
      data: { sessionVersion: { increment: 1 } },
    });
    await recordAudit(tx, {
      partnerId: user.partnerId,
      actorUserId: user.id,
      actorLabel: user.email,
      action: options.reason,
      targetType: 'user',
      targetId: user.id,
      outcome: 'success',
      trackingId: options.trackingId,
    });
  });
}
