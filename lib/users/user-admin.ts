import { recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { hashPassword } from '@/lib/auth/password';
import { AppError, notFound } from '@/lib/http/errors';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import type { CreateUserInput, UpdateUserInput } from './schemas';

/** What the API shows of a user: never the hash or the session version. */
export const publicUserFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  locale: true,
  lastSignInAt: true,
  createdAt: true,
} as const;

export function listUsers(db: PartnerDb) {
  return db.user.findMany({ select: publicUserFields, orderBy: { email: 'asc' } });
}

export async function createUser(
  db: PartnerDb,
  options: { actor: CurrentUser; input: CreateUserInput },
) {
  const { actor, input } = options;
  const passwordHash = await hashPassword(input.password);

  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          partnerId: actor.partnerId,
          email: input.email,
          name: input.name,
          role: input.role,
          passwordHash,
        },
        select: publicUserFields,
      });
      await recordAudit(tx, {
        partnerId: actor.partnerId,
        actorUserId: actor.id,
        actorLabel: actor.email,
        action: 'user.created',
        targetType: 'user',
        targetId: user.id,
        outcome: 'success',
        details: { after: { email: user.email, name: user.name, role: user.role } },
      });
      return user;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError('conflict', 'This email address is already in use.', [
        'email: An account with this email address exists.',
      ]);
    }
    throw error;
  }
}

/**
 * Changes a user. Deactivating, changing the role or setting a password ends the user's
 * sessions at once, so the change holds from their next request.
 */
export async function updateUser(
  db: PartnerDb,
  options: { actor: CurrentUser; userId: string; input: UpdateUserInput },
) {
  const { actor, userId, input } = options;

  if (userId === actor.id && (input.active === false || input.role === 'read_only')) {
    throw new AppError('conflict', 'You cannot lock yourself out.', [
      'Another full admin must deactivate your account or change your role.',
    ]);
  }

  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: publicUserFields });
    if (!before) throw notFound('user');

    const endsSessions =
      input.password !== undefined ||
      (input.active !== undefined && input.active !== before.active) ||
      (input.role !== undefined && input.role !== before.role);

    const after = await tx.user.update({
      where: { id: userId },
      data: {
        name: input.name,
        role: input.role,
        active: input.active,
        passwordHash,
        sessionVersion: endsSessions ? { increment: 1 } : undefined,
      },
      select: publicUserFields,
    });
    await recordAudit(tx, {
      partnerId: actor.partnerId,
      actorUserId: actor.id,
      actorLabel: actor.email,
      action: 'user.updated',
      targetType: 'user',
      targetId: userId,
      outcome: 'success',
      details: {
        before: { name: before.name, role: before.role, active: before.active },
        after: { name: after.name, role: after.role, active: after.active },
        passwordChanged: input.password !== undefined,
      },
    });
    return after;
  });
}
