import { createHash, randomBytes } from 'node:crypto';

import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { notFound } from '@/lib/http/errors';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import type { CreateTokenInput } from './schemas';

const tokenPrefix = 'phub_';

/** 256 random bits: a fast hash is enough to store it, since it cannot be guessed. */
export function newToken(): string {
  return `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const tokenSelect = {
  id: true,
  name: true,
  scope: true,
  tokenPrefix: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

export function listTokens(db: PartnerDb) {
  return db.apiToken.findMany({ select: tokenSelect, orderBy: { createdAt: 'desc' } });
}

/** Creates a token and returns it in full this once; afterwards only its hash exists. */
export async function createToken(
  db: PartnerDb,
  options: { actor: CurrentUser; input: CreateTokenInput },
) {
  const { actor, input } = options;
  const token = newToken();

  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        partnerId: actor.partnerId,
        name: input.name,
        scope: input.scope,
        tokenPrefix: token.slice(0, tokenPrefix.length + 6),
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
        createdByUserId: actor.id,
      },
      select: tokenSelect,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'api_token.created',
      targetType: 'api_token',
      targetId: row.id,
      outcome: 'success',
      details: {
        after: { name: row.name, scope: row.scope, expiresAt: row.expiresAt.toISOString() },
      },
    });
    return row;
  });

  return { ...created, token };
}

export async function revokeToken(db: PartnerDb, options: { actor: CurrentUser; tokenId: string }) {
  const { actor, tokenId } = options;

  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id: tokenId }, select: tokenSelect });
    if (!row) throw notFound('API token');
    if (row.revokedAt) return row;

    const revoked = await tx.apiToken.update({
      where: { id: tokenId },
      data: { revokedAt: new Date() },
      select: tokenSelect,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'api_token.revoked',
      targetType: 'api_token',
      targetId: tokenId,
      outcome: 'success',
      details: { before: { name: row.name, scope: row.scope } },
    });
    return revoked;
  });
}
