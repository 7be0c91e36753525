import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { notFound } from '@/lib/http/errors';
import { asTransactionClient, type PartnerDb } from '@/lib/tenancy/partner-db';

import type { CreateIncidentInput } from './schemas';
import { queueStatusEvent, type IncidentEventData } from './webhook-delivery';

const recentResolvedCount = 10;

export const incidentSelect = {
  id: true,
  title: true,
  message: true,
  impact: true,
  status: true,
  createdAt: true,
  resolvedAt: true,
} as const;

type IncidentRow = {
  id: string;
  title: string;
  message: string;
  impact: 'degraded' | 'outage';
  status: 'open' | 'resolved';
  createdAt: Date;
  resolvedAt: Date | null;
};

function eventData(incident: IncidentRow): IncidentEventData {
  return {
    ...incident,
    createdAt: incident.createdAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
  };
}

/** Open incidents, newest first, then the most recently posted resolved ones. */
export async function listIncidents(db: PartnerDb) {
  const open = await db.incident.findMany({
    where: { status: 'open' },
    orderBy: { createdAt: 'desc' },
    select: incidentSelect,
  });
  const resolved = await db.incident.findMany({
    where: { status: 'resolved' },
    orderBy: { createdAt: 'desc' },
    take: recentResolvedCount,
    select: incidentSelect,
  });

  return [...open, ...resolved];
}

/**
 * What the banner on every hub page needs: one read of the (partner, status) index. Open
 * incidents are few; the cap only keeps a runaway number from weighing on every page.
 */
export function openIncidentsForBanner(db: PartnerDb) {
  return db.incident.findMany({
    where: { status: 'open' },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: { id: true, title: true, impact: true },
  });
}

export async function createIncident(
  db: PartnerDb,
  options: { actor: CurrentUser; input: CreateIncidentInput },
) {
  const { actor, input } = options;

  return db.$transaction(async (tx) => {
    const incident = await tx.incident.create({
      data: { partnerId: actor.partnerId, ...input, createdByUserId: actor.id },
      select: incidentSelect,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'incident.created',
      targetType: 'incident',
      targetId: incident.id,
      outcome: 'success',
      details: { after: { title: incident.title, impact: incident.impact } },
    });
    await queueStatusEvent(asTransactionClient(tx), {
      partnerId: actor.partnerId,
      eventKey: `incident:${incident.id}:opened`,
      occurredAt: incident.createdAt,
      content: { type: 'incident.opened', incident: eventData(incident) },
    });

    return incident;
  });
}

/** Resolves an open incident; resolving it again changes nothing and answers the same. */
export async function resolveIncident(
  db: PartnerDb,
  options: { actor: CurrentUser; incidentId: string },
) {
  const { actor, incidentId } = options;

  return db.$transaction(async (tx) => {
    const current = await tx.incident.findUnique({
      where: { id: incidentId },
      select: incidentSelect,
    });
    if (!current) throw notFound('incident');
    if (current.status === 'resolved') return current;

    // Only the request that moves it from open writes, so two resolves give one event.
    const resolvedAt = new Date();
    const { count } = await tx.incident.updateMany({
      where: { id: incidentId, status: 'open' },
      data: { status: 'resolved', resolvedAt, resolvedByUserId: actor.id },
    });
    const incident = await tx.incident.findUniqueOrThrow({
      where: { id: incidentId },
      select: incidentSelect,
    });
    if (count === 0) return incident;

    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'incident.resolved',
      targetType: 'incident',
      targetId: incidentId,
      outcome: 'success',
      details: { before: { status: 'open' }, after: { status: 'resolved' } },
    });
    await queueStatusEvent(asTransactionClient(tx), {
      partnerId: actor.partnerId,
      eventKey: `incident:${incidentId}:resolved`,
      occurredAt: resolvedAt,
      content: { type: 'incident.resolved', incident: eventData(incident) },
    });

    return incident;
  });
}
