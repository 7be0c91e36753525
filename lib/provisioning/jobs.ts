import { createHash, randomBytes } from 'node:crypto';

import { readConfig } from '@/lib/config';
import type { Prisma } from '@/lib/generated/prisma/client';
import { enqueueJob } from '@/lib/jobs/queue';
import type { BatchJobHandler, JobHandler } from '@/lib/jobs/worker';
import { deliverOutboxJobKind, deliverOutboxMessage } from '@/lib/outbox/deliver';

import { provisionJobKind } from './job-kinds';
import { emailDomainOwner } from './mail-domains';
import {
  createOrganisationJobs,
  settleOrganisationSubscribers,
  settleSubscriberJobs,
} from './settle-batch';

type Tx = Prisma.TransactionClient;

const activationLifetimeMs = 7 * 86_400_000;

const organisationFailed = {
  errorCode: 'customer_org_failed',
  description: 'The customer organisation could not be created.',
};

const provisioningFailed = {
  errorCode: 'provisioning_failed',
  description: 'The background work for this subscriber kept failing. Support can see why.',
};

const waitingSelect = {
  id: true,
  partnerId: true,
  customerOrgId: true,
  status: true,
  email: true,
  emailDomain: true,
  firstName: true,
  template: { select: { emailTrust: true, provisionAdminFirst: true } },
} satisfies Prisma.SubscriberSelect;

type WaitingSubscriber = Prisma.SubscriberGetPayload<{ select: typeof waitingSelect }>;

async function fail(tx: Tx, subscriberId: string, errorCode: string, description: string) {
  await tx.subscriber.update({
    where: { id: subscriberId },
    data: { status: 'error', errors: [{ errorCode, description }], lastStatusChange: new Date() },
  });
}

/** Records the activation email of an untrusted address and queues its delivery. */
async function requestEmailValidation(tx: Tx, subscriber: WaitingSubscriber): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await tx.subscriber.update({
    where: { id: subscriber.id },
    data: {
      status: 'pending_email_validation',
      errors: [],
      lastStatusChange: new Date(),
      activationTokenHash: createHash('sha256').update(token).digest('hex'),
      activationExpiresAt: new Date(Date.now() + activationLifetimeMs),
    },
  });

  const link = `${readConfig().baseUrl}/activate/${token}`;
  const message = await tx.outboxMessage.create({
    data: {
      partnerId: subscriber.partnerId,
      subscriberId: subscriber.id,
      kind: 'activation',
      recipient: subscriber.email!,
      subject: 'Confirm your email address',
      body:
        `Hello ${subscriber.firstName},\n\n` +
        'Your organisation added you to its collaboration service. Confirm that this is your ' +
        `email address to activate your account:\n\n${link}\n\n` +
        'The link works for seven days.\n',
    },
  });
  await enqueueJob(tx, {
    kind: deliverOutboxJobKind,
    partnerId: subscriber.partnerId,
    payload: { messageId: message.id },
    dedupeKey: `outbox:${message.id}`,
  });
}

/**
 * The first subscriber of an organisation that has not failed: its admin when the template
 * provisions that first. When the admin fails or is deleted, the next one takes its place.
 */
function adminOf(tx: Tx, customerOrgId: string) {
  return tx.subscriber.findFirst({
    where: { customerOrgId, status: { not: 'error' } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, status: true },
  });
}

/**
 * Takes a subscriber whose organisation is active to where its template says it belongs:
 * provisioned, waiting for an email address or its confirmation, held until the customer's
 * admin is active, or in error when its email domain belongs to another customer.
 */
export async function settleSubscriber(tx: Tx, subscriber: WaitingSubscriber): Promise<void> {
  const owner = await emailDomainOwner(tx, subscriber.partnerId, subscriber.emailDomain);
  if (owner && owner.customerOrgId !== subscriber.customerOrgId) {
    await fail(
      tx,
      subscriber.id,
      'email_domain_taken',
      `The email domain ${subscriber.emailDomain} belongs to another customer.`,
    );
    // Users held for this one as their admin now wait for the next.
    if (subscriber.template.provisionAdminFirst) {
      await releaseHeldSubscribers(tx, subscriber.customerOrgId!);
    }
    return;
  }

  // Only templates that provision the admin first need to know who the admin is.
  const admin = subscriber.template.provisionAdminFirst
    ? await adminOf(tx, subscriber.customerOrgId!)
    : null;
  const isAdmin = admin?.id === subscriber.id;
  if (admin && !isAdmin && admin.status !== 'provisioned') return;

  if (!subscriber.email) {
    await tx.subscriber.update({
      where: { id: subscriber.id },
      data: { status: 'pending_email_input', errors: [], lastStatusChange: new Date() },
    });
    return;
  }
  if (subscriber.template.emailTrust === 'untrusted' && subscriber.status === 'provisioning') {
    await requestEmailValidation(tx, subscriber);
    return;
  }

  await tx.subscriber.update({
    where: { id: subscriber.id },
    data: { status: 'provisioned', errors: [], lastStatusChange: new Date() },
  });
  if (admin && isAdmin) {
    await releaseHeldSubscribers(tx, subscriber.customerOrgId!);
  }
}

/** Once the admin is active, the users held for it go ahead. */
export async function releaseHeldSubscribers(tx: Tx, customerOrgId: string): Promise<void> {
  const held = await tx.subscriber.findMany({
    where: { customerOrgId, status: { in: ['provisioning', 'updating'] } },
    select: waitingSelect,
  });
  for (const subscriber of held) await settleSubscriber(tx, subscriber);
}

/**
 * Queues another look at the users an admin-first organisation holds, once a subscriber that
 * may have been their admin is deleted or has failed; nothing when nobody is held.
 */
export async function queueHeldRelease(
  tx: Tx,
  customerOrgId: string,
  goneSubscriberId: string,
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "job" (partner_id, kind, payload, dedupe_key, updated_at)
    SELECT o.partner_id, ${provisionJobKind.releaseHeld}, jsonb_build_object('customerOrgId', o.id),
           'customer-org:' || o.id || ':release-after:' || ${goneSubscriberId}, now()
      FROM "customer_org" o JOIN "customer_template" t ON t.id = o.template_id
     WHERE o.id = ${customerOrgId}::uuid AND o.status = 'active' AND t.provision_admin_first
       AND EXISTS (SELECT 1 FROM "subscriber" s
                    WHERE s.customer_org_id = o.id AND s.status IN ('provisioning', 'updating'))
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

const releaseHeld: JobHandler = async (job, tx) => {
  const { customerOrgId } = job.payload as { customerOrgId: string };
  if ((await lockCustomerOrg(tx, customerOrgId)) === 'active') {
    await releaseHeldSubscribers(tx, customerOrgId);
  }
};

/** Locks the organisation row, so a subscriber job and its organisation's job never interleave. */
export async function lockCustomerOrg(tx: Tx, customerOrgId: string) {
  const rows = await tx.$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM "customer_org" WHERE id = ${customerOrgId}::uuid
     FOR NO KEY UPDATE`;
  return rows[0]?.status;
}

/**
 * Creates a customer organisation: it becomes active, and every subscriber that was
 * waiting for it is settled in the same transaction.
 */
const createCustomerOrg: JobHandler = async (job, tx) => {
  const { customerOrgId } = job.payload as { customerOrgId: string };
  if ((await lockCustomerOrg(tx, customerOrgId)) !== 'provisioning') return;

  await tx.customerOrg.update({ where: { id: customerOrgId }, data: { status: 'active' } });
  await settleOrganisationSubscribers(tx, customerOrgId);
  const waiting = await tx.subscriber.findMany({
    where: { customerOrgId, status: { in: ['provisioning', 'updating'] } },
    select: waitingSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  for (const subscriber of waiting) await settleSubscriber(tx, subscriber);
};

/**
 * Provisions (or applies a change to) one subscriber. While its organisation is still being
 * created there is nothing to do: the organisation's job settles it on completion.
 */
const provisionSubscriber: JobHandler = async (job, tx) => {
  const { subscriberId } = job.payload as { subscriberId: string };
  const located = await tx.subscriber.findUnique({
    where: { id: subscriberId },
    select: { customerOrgId: true, status: true },
  });
  if (!located || !['provisioning', 'updating'].includes(located.status)) return;

  if (!located.customerOrgId) {
    await fail(
      tx,
      subscriberId,
      'customer_org_missing',
      'The template does not create customer organisations and none exists for this enterprise.',
    );
    return;
  }

  // Read the subscriber again once the organisation is locked: its job may have settled the
  // subscriber in the meantime, and settling twice would send a second activation mail.
  const orgStatus = await lockCustomerOrg(tx, located.customerOrgId);
  const subscriber = await tx.subscriber.findUnique({
    where: { id: subscriberId },
    select: waitingSelect,
  });
  if (!subscriber || !['provisioning', 'updating'].includes(subscriber.status)) return;

  if (orgStatus === 'provisioning') return;
  if (orgStatus === 'error') {
    await fail(tx, subscriber.id, organisationFailed.errorCode, organisationFailed.description);
    return;
  }

  await settleSubscriber(tx, subscriber);
};

// A job that gave up leaves its subscriber, or its organisation and the subscribers waiting
// for it, in error with a code, instead of provisioning for ever.
provisionSubscriber.failed = async (job, tx, failure) => {
  const { subscriberId } = job.payload as { subscriberId: string };
  const error =
    failure.code === 'internal_error'
      ? provisioningFailed
      : { errorCode: failure.code, description: failure.message };
  const ended = await tx.subscriber.updateManyAndReturn({
    where: { id: subscriberId, status: { in: ['provisioning', 'updating'] } },
    data: { status: 'error', errors: [error], lastStatusChange: new Date() },
    select: { customerOrgId: true },
  });
  const customerOrgId = ended[0]?.customerOrgId;
  if (customerOrgId) await queueHeldRelease(tx, customerOrgId, subscriberId);
};

createCustomerOrg.failed = async (job, tx) => {
  const { customerOrgId } = job.payload as { customerOrgId: string };
  const ended = await tx.customerOrg.updateMany({
    where: { id: customerOrgId, status: 'provisioning' },
    data: { status: 'error' },
  });
  if (ended.count === 0) return;

  await tx.subscriber.updateMany({
    where: { customerOrgId, status: { in: ['provisioning', 'updating'] } },
    data: {
      status: 'error',
      errors: [organisationFailed],
      lastStatusChange: new Date(),
    },
  });
};

/** Jobs of these kinds are first offered many at once to a statement that settles the usual. */
export const provisioningBatchHandlers: Record<string, BatchJobHandler> = {
  [provisionJobKind.customerOrg]: createOrganisationJobs,
  [provisionJobKind.subscriber]: settleSubscriberJobs,
};

export const provisioningHandlers: Record<string, JobHandler> = {
  [provisionJobKind.customerOrg]: createCustomerOrg,
  [provisionJobKind.subscriber]: provisionSubscriber,
  [provisionJobKind.releaseHeld]: releaseHeld,
  [deliverOutboxJobKind]: deliverOutboxMessage,
};
