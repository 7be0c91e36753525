import type { Prisma } from '@/lib/generated/prisma/client';
import type { ComponentHealth } from '@/lib/generated/prisma/enums';
import { asTransactionClient, type PartnerDb } from '@/lib/tenancy/partner-db';

import {
  readCertificates,
  readProvisioning,
  readSharedComponents,
  worstOf,
  type ComponentName,
  type ComponentReading,
  type StatusMessage,
} from './components';
import { listIncidents } from './incidents';
import { queueStatusEvent } from './webhook-delivery';

type Tx = Prisma.TransactionClient;

// Two refresh periods: a reading older than that means the refresh is not running.
const recordedReadingLifetimeMs = 2 * 60_000;

export interface ComponentStatusView {
  name: ComponentName;
  status: ComponentHealth;
  detail: string;
  /** Absent only for a reading recorded before messages were kept. */
  message: StatusMessage | null;
  changedAt: string;
}

/**
 * The partner's service status as of now: each component read live (so that a stopped worker
 * shows even though the periodic refresh is one of its jobs), with the time it last changed
 * as the refresh recorded it, and the open and recently resolved incidents.
 */
export async function serviceStatus(db: PartnerDb, partnerId: string, now = new Date()) {
  const tx = asTransactionClient(db);
  const recorded = await db.componentStatus.findMany({
    select: {
      component: true,
      status: true,
      detail: true,
      detailMessage: true,
      changedAt: true,
      checkedAt: true,
    },
  });

  // The error rate counts the last hour of the request log, which for a busy partner is many
  // rows; the refresh has just counted them, so a page or API call reuses its fresh reading.
  const recordedProvisioning = recorded.find(
    (row) =>
      row.component === 'provisioning' &&
      now.getTime() - row.checkedAt.getTime() <= recordedReadingLifetimeMs,
  );
  const readings = [
    ...(await readSharedComponents(tx, now)),
    recordedProvisioning
      ? {
          name: 'provisioning' as const,
          status: recordedProvisioning.status,
          detail: recordedProvisioning.detail ?? '',
          message: recordedProvisioning.detailMessage as StatusMessage | null,
        }
      : await readProvisioning(tx, { partnerId, now }),
    await readCertificates(tx, { partnerId, now }),
  ];
  const incidents = await listIncidents(db);

  const components: ComponentStatusView[] = readings.map((reading) => {
    const last = recorded.find((row) => row.component === reading.name);
    const changedAt = last && last.status === reading.status ? last.changedAt : now;
    return { ...reading, changedAt: changedAt.toISOString() };
  });
  const openImpacts = incidents
    .filter((incident) => incident.status === 'open')
    .map((incident) => incident.impact);

  return {
    status: worstOf([...components.map((component) => component.status), ...openImpacts]),
    components,
    incidents,
  };
}

/**
 * Stores the readings of one partner and queues a webhook event for each component whose
 * status changed. The update only matches the status it replaces, so of two refreshes that
 * see the same change only one records it and queues its deliveries.
 */
export async function recordComponentStatus(
  tx: Tx,
  options: { partnerId: string; readings: ComponentReading[]; now: Date },
): Promise<ComponentReading[]> {
  const { partnerId, readings, now } = options;
  const recorded = await tx.componentStatus.findMany({
    where: { partnerId },
    select: { component: true, status: true },
  });
  const changed: ComponentReading[] = [];

  for (const reading of readings) {
    const previous = recorded.find((row) => row.component === reading.name);

    if (!previous) {
      const created = await tx.componentStatus.createMany({
        data: [
          {
            partnerId,
            component: reading.name,
            status: reading.status,
            detail: reading.detail,
            detailMessage: reading.message,
            changedAt: now,
            checkedAt: now,
          },
        ],
        skipDuplicates: true,
      });
      // A component seen for the first time has changed only when it is not operational.
      if (created.count === 1 && reading.status !== 'operational') {
        await queueChange(tx, { partnerId, reading, previousStatus: 'operational', now });
        changed.push(reading);
      }
      continue;
    }

    if (previous.status === reading.status) {
      await tx.componentStatus.updateMany({
        where: { partnerId, component: reading.name },
        data: { detail: reading.detail, detailMessage: reading.message, checkedAt: now },
      });
      continue;
    }

    const updated = await tx.componentStatus.updateMany({
      where: { partnerId, component: reading.name, status: previous.status },
      data: {
        status: reading.status,
        detail: reading.detail,
        detailMessage: reading.message,
        changedAt: now,
        checkedAt: now,
      },
    });
    if (updated.count === 1) {
      await queueChange(tx, { partnerId, reading, previousStatus: previous.status, now });
      changed.push(reading);
    }
  }

  return changed;
}

async function queueChange(
  tx: Tx,
  options: {
    partnerId: string;
    reading: ComponentReading;
    previousStatus: ComponentHealth;
    now: Date;
  },
): Promise<void> {
  const { partnerId, reading, previousStatus, now } = options;

  await queueStatusEvent(tx, {
    partnerId,
    eventKey: `component:${reading.name}:${now.getTime()}:${reading.status}`,
    occurredAt: now,
    content: {
      type: 'component.changed',
      component: {
        name: reading.name,
        status: reading.status,
        previousStatus,
        detail: reading.detail,
        changedAt: now.toISOString(),
      },
    },
  });
}
