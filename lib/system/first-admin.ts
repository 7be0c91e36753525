import { randomBytes } from 'node:crypto';

import { recordAudit } from '@/lib/audit/record-audit';
import { hashPassword, passwordMaxLength, passwordMinLength } from '@/lib/auth/password';
import type { PrismaClient } from '@/lib/generated/prisma/client';

import { ConfigurationError } from './auth-secret';

export interface FirstAdminResult {
  created: boolean;
  email?: string;
  /** Set only when the password was generated, so that it can be shown once. */
  generatedPassword?: string;
}

/**
 * On a database without any partner, creates the first partner organisation and its full
 * admin. The password comes from ADMIN_PASSWORD or is generated; none is ever built in.
 */
export async function ensureFirstAdmin(
  prisma: PrismaClient,
  options: { email?: string; password?: string; partnerName?: string },
): Promise<FirstAdminResult> {
  if ((await prisma.partner.count()) > 0) return { created: false };

  const email = (options.email || 'admin@partner.example').trim().toLowerCase();
  const generatedPassword = options.password ? undefined : randomBytes(18).toString('base64url');
  const password = options.password ?? generatedPassword!;

  if (password.length < passwordMinLength || password.length > passwordMaxLength) {
    throw new ConfigurationError(
      `ADMIN_PASSWORD must be ${passwordMinLength} to ${passwordMaxLength} characters long.`,
    );
  }

  const passwordHash = await hashPassword(password);
  const created = await prisma.$transaction(async (tx) => {
    // Two instances starting together on one server must not both create a first partner.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72656002)`;
    if ((await tx.partner.count()) > 0) return false;

    const partner = await tx.partner.create({
      data: { name: options.partnerName || 'Partner organisation' },
    });
    const user = await tx.user.create({
      data: {
        partnerId: partner.id,
        email,
        name: 'Administrator',
        passwordHash,
        role: 'full_admin',
      },
    });
    await recordAudit(tx, {
      partnerId: partner.id,
      actorLabel: 'system',
      action: 'first_admin_created',
      targetType: 'user',
      targetId: user.id,
      outcome: 'success',
      trackingId: 'startup',
    });
    return true;
  });

  return created ? { created, email, generatedPassword } : { created };
}
