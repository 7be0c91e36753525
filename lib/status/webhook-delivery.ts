import { createHmac, randomUUID } from 'node:crypto';

import { open } from '@/lib/crypto/secret-box';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { ComponentHealth, IncidentImpact } from '@/lib/generated/prisma/enums';
import { enqueueJob } from '@/lib/jobs/queue';
import type { JobHandler } from '@/lib/jobs/worker';
import { httpsPost, outboundDefaults } from '@/lib/net/outbound';

type Tx = Prisma.TransactionClient;

export const deliverStatusWebhookJobKind = 'status.webhook.deliver';

export const signatureHeader = 'Webhook-Signature';
export const timestampHeader = 'Webhook-Timestamp';
export const eventIdHeader = 'Webhook-Id';

export interface IncidentEventData {
  id: string;
  title: string;
  message: string;
  impact: IncidentImpact;
  status: 'open' | 'resolved';
  createdAt: string;
  resolvedAt: string | null;
}

export interface ComponentEventData {
  name: string;
  status: ComponentHealth;
  previousStatus: ComponentHealth;
  detail: string;
  changedAt: string;
}

/** What an event says, before it gets its id and time. */
export type StatusEventContent =
  | { type: 'component.changed'; component: ComponentEventData }
  | { type: 'incident.opened' | 'incident.resolved'; incident: IncidentEventData };

export type StatusEvent = { id: string; occurredAt: string } & StatusEventContent;

/**
 * Queues one delivery of the event to each enabled webhook of the partner, in the caller's
 * transaction. `eventKey` names the change itself, so queueing the same change twice delivers
 * it once.
 */
export async function queueStatusEvent(
  tx: Tx,
  options: { partnerId: string; eventKey: string; content: StatusEventContent; occurredAt: Date },
): Promise<number> {
  const webhooks = await tx.statusWebhook.findMany({
    where: { partnerId: options.partnerId, enabled: true },
    select: { id: true },
  });
  const event = {
    id: randomUUID(),
    occurredAt: options.occurredAt.toISOString(),
    ...options.content,
  } as StatusEvent;

  for (const webhook of webhooks) {
    await enqueueJob(tx, {
      kind: deliverStatusWebhookJobKind,
      partnerId: options.partnerId,
      payload: { webhookId: webhook.id, event } as unknown as Prisma.InputJsonValue,
      dedupeKey: `status-webhook:${webhook.id}:${options.eventKey}`.slice(0, 200),
    });
  }

  return webhooks.length;
}

/** HMAC-SHA256 of `<timestamp>.<body>` with the webhook's secret, hex-encoded. */
export function signStatusEvent(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export class DeliveryFailed extends Error {}

/**
 * Sends one event to one webhook. A receiver that does not answer 2xx makes the job fail, so
 * the queue retries it with its backoff; each attempt is signed with its own timestamp.
 */
export const deliverStatusWebhook: JobHandler = async (job, tx) => {
  const { webhookId, event } = job.payload as unknown as { webhookId: string; event: StatusEvent };
  const webhook = await tx.statusWebhook.findFirst({
    where: { id: webhookId, partnerId: job.partnerId ?? undefined },
    select: { id: true, url: true, secretSealed: true, enabled: true },
  });
  // Deleted or switched off since the event: nobody wants it any more.
  if (!webhook || !webhook.enabled) return;

  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signStatusEvent(open(webhook.secretSealed), timestamp, body);
  const result = await httpsPost(webhook.url, body, {
    ...outboundDefaults(),
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'partner-hub-status-webhook',
      [eventIdHeader]: event.id,
      [timestampHeader]: String(timestamp),
      [signatureHeader]: `v1=${signature}`,
    },
  });

  const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
  if (!delivered) {
    throw new DeliveryFailed(
      result.error ?? `The receiver answered HTTP ${result.status}.`.slice(0, 200),
    );
  }

  await tx.statusWebhook.update({
    where: { id: webhook.id },
    data: { lastDeliveryAt: new Date(), lastDeliveryStatus: `HTTP ${result.status}` },
  });
};
