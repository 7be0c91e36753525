import type { Prisma } from '@/lib/generated/prisma/client';
import { currentRequestContext } from '@/lib/observability/request-context';

type AuditWriter = {
  auditEntry: { create(args: { data: Prisma.AuditEntryUncheckedCreateInput }): unknown };
};

export interface AuditEntryInput {
  partnerId: string | null;
  actorUserId?: string | null;
  actorLabel: string;
  action: string;
  targetType?: string;
  targetId?: string;
  outcome: 'success' | 'failure';
  details?: Prisma.InputJsonValue;
  trackingId?: string;
  clientIp?: string;
}

/**
 * Writes one audit entry through the given client; pass the transaction of the change so
 * that the entry and the change commit or roll back together.
 */
export async function recordAudit(db: AuditWriter, entry: AuditEntryInput): Promise<void> {
  const context = currentRequestContext();

  await db.auditEntry.create({
    data: {
      partnerId: entry.partnerId,
      actorUserId: entry.actorUserId ?? null,
      actorLabel: entry.actorLabel.slice(0, 254),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      outcome: entry.outcome,
      details: entry.details,
      trackingId: entry.trackingId ?? context?.trackingId ?? 'none',
      clientIp: entry.clientIp ?? context?.clientIp,
    },
  });
}

/** The actor fields of an audit entry for a signed-in user. */
export function auditActor(user: { id: string; partnerId: string; email: string }) {
  return { partnerId: user.partnerId, actorUserId: user.id, actorLabel: user.email };
}
