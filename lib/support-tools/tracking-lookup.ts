import { z } from 'zod';

import { isTrackingId } from '@/lib/observability/request-context';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

export const trackingLookupQuery = z.strictObject({
  trackingId: z
    .string('validation.required')
    .trim()
    .min(1, 'validation.required')
    .refine((value) => isTrackingId(value), 'validation.invalid'),
});

export interface LookedUpRequest {
  time: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  errorCode: string | null;
  /** The signed-in user's email, when a person made the request. */
  userEmail: string | null;
  /** The API token prefix or provisioning ID, when a machine made it. */
  credential: string | null;
  clientIp: string | null;
}

export interface LookedUpAuditEntry {
  id: string;
  time: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
}

export interface TrackingLookup {
  trackingId: string;
  request: LookedUpRequest | null;
  auditEntries: LookedUpAuditEntry[];
}

const maxAuditEntries = 100;

/**
 * What the hub knows about one TrackingID of this partner: the request it answered and the
 * audit entries it wrote. Another partner's TrackingID finds nothing, as an unknown one does.
 */
export async function lookUpTrackingId(
  db: PartnerDb,
  trackingId: string,
): Promise<TrackingLookup | null> {
  const [request, auditEntries] = await Promise.all([
    db.requestLog.findFirst({
      where: { trackingId },
      orderBy: { createdAt: 'asc' },
      select: {
        createdAt: true,
        method: true,
        route: true,
        status: true,
        durationMs: true,
        errorCode: true,
        userId: true,
        credential: true,
        clientIp: true,
      },
    }),
    db.auditEntry.findMany({
      where: { trackingId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: maxAuditEntries,
      select: {
        id: true,
        createdAt: true,
        actorLabel: true,
        action: true,
        targetType: true,
        targetId: true,
        outcome: true,
      },
    }),
  ]);
  if (!request && auditEntries.length === 0) return null;

  const user = request?.userId
    ? await db.user.findFirst({ where: { id: request.userId }, select: { email: true } })
    : null;

  return {
    trackingId,
    request: request && {
      time: request.createdAt.toISOString(),
      method: request.method,
      route: request.route,
      status: request.status,
      durationMs: request.durationMs,
      errorCode: request.errorCode,
      userEmail: user?.email ?? null,
      credential: request.credential,
      clientIp: request.clientIp,
    },
    auditEntries: auditEntries.map((entry) => ({
      id: String(entry.id),
      time: entry.createdAt.toISOString(),
      actor: entry.actorLabel,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      outcome: entry.outcome,
    })),
  };
}
