import { randomBytes } from 'node:crypto';

import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { seal } from '@/lib/crypto/secret-box';
import { AppError, notFound } from '@/lib/http/errors';
import { outboundDefaults, OutboundRefused, resolveSafely } from '@/lib/net/outbound';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import type { CreateWebhookInput } from './schemas';
import { deliverStatusWebhookJobKind } from './webhook-delivery';

const maxWebhooksPerPartner = 10;
const failureLookbackMs = 7 * 86_400_000;

const webhookSelect = {
  id: true,
  url: true,
  enabled: true,
  lastDeliveryAt: true,
  lastDeliveryStatus: true,
  createdAt: true,
} as const;

/** 256 random bits, with a prefix that tells what the secret belongs to. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function refusedUrl(description: string): AppError {
  return new AppError('validation_failed', 'The request is not valid.', [
    { field: 'url', description: `url: ${description}` },
  ]);
}

/** The outbound rules, applied when the URL is entered and again at every delivery. */
async function assertReachable(url: string): Promise<void> {
  try {
    await resolveSafely(new URL(url).hostname, outboundDefaults());
  } catch (error) {
    if (error instanceof OutboundRefused) throw refusedUrl(error.message);
    throw refusedUrl('The host name did not resolve.');
  }
}

export interface LastDelivery {
  at: Date;
  outcome: 'delivered' | 'retrying' | 'failed';
  result: string;
}

/**
 * The partner's webhooks with the last delivery result: a success is stored on the webhook,
 * a failed attempt is rolled back with its job and only the job keeps its error, so recent
 * delivery jobs with an error are read too (through the (partner_id, created_at) index).
 */
export async function listWebhooks(db: PartnerDb) {
  const webhooks = await db.statusWebhook.findMany({
    select: webhookSelect,
    orderBy: { createdAt: 'asc' },
  });
  const failures = await db.job.findMany({
    where: {
      kind: deliverStatusWebhookJobKind,
      createdAt: { gte: new Date(Date.now() - failureLookbackMs) },
      lastError: { not: null },
    },
    orderBy: { updatedAt: 'desc' },
    take: 100,
    select: { payload: true, status: true, lastError: true, updatedAt: true },
  });

  return webhooks.map(({ lastDeliveryAt, lastDeliveryStatus, ...webhook }) => {
    const failure = failures.find(
      (job) => (job.payload as { webhookId?: string }).webhookId === webhook.id,
    );
    let lastDelivery: LastDelivery | null =
      lastDeliveryAt && lastDeliveryStatus
        ? { at: lastDeliveryAt, outcome: 'delivered', result: lastDeliveryStatus }
        : null;
    if (failure && (!lastDelivery || failure.updatedAt > lastDelivery.at)) {
      lastDelivery = {
        at: failure.updatedAt,
        outcome: failure.status === 'failed' ? 'failed' : 'retrying',
        result: failure.lastError ?? '',
      };
    }

    return { ...webhook, lastDelivery };
  });
}

/** Subscribes a URL; the answer carries the signing secret this one time. */
export async function createWebhook(
  db: PartnerDb,
  options: { actor: CurrentUser; input: CreateWebhookInput },
) {
  const { actor, input } = options;
  await assertReachable(input.url);
  const secret = newSigningSecret();

  const created = await db.$transaction(async (tx) => {
    if ((await tx.statusWebhook.count()) >= maxWebhooksPerPartner) {
      throw new AppError('conflict', 'There are too many webhooks.', [
        `At most ${maxWebhooksPerPartner} webhooks can be subscribed; delete one first.`,
      ]);
    }

    const webhook = await tx.statusWebhook.create({
      data: {
        partnerId: actor.partnerId,
        url: input.url,
        secretSealed: seal(secret),
        createdByUserId: actor.id,
      },
      select: webhookSelect,
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'status_webhook.created',
      targetType: 'status_webhook',
      targetId: webhook.id,
      outcome: 'success',
      details: { after: { url: webhook.url } },
    });
    return webhook;
  });

  const { lastDeliveryAt: _at, lastDeliveryStatus: _status, ...webhook } = created;
  return { ...webhook, lastDelivery: null, secret };
}

export async function deleteWebhook(
  db: PartnerDb,
  options: { actor: CurrentUser; webhookId: string },
): Promise<void> {
  const { actor, webhookId } = options;

  await db.$transaction(async (tx) => {
    const webhook = await tx.statusWebhook.findUnique({
      where: { id: webhookId },
      select: { id: true, url: true },
    });
    if (!webhook) throw notFound('webhook');

    await tx.statusWebhook.delete({ where: { id: webhookId } });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'status_webhook.deleted',
      targetType: 'status_webhook',
      targetId: webhookId,
      outcome: 'success',
      details: { before: { url: webhook.url } },
    });
  });
}
