import type { Prisma } from '@/lib/generated/prisma/client';
import type { JobHandler } from '@/lib/jobs/worker';

import { provisionJobKind } from './job-kinds';

type Tx = Prisma.TransactionClient;

interface SubscriberRow {
  id: string;
  status: string;
  email: string | null;
  emailTrust: 'trusted' | 'untrusted';
}

/** Where a subscriber ends once its customer organisation is active. */
function settledStatus(subscriber: SubscriberRow) {
  if (subscriber.emailTrust === 'untrusted') return 'pending_email_validation' as const;
  return subscriber.email ? ('provisioned' as const) : ('pending_email_input' as const);
}

async function settle(tx: Tx, subscriber: SubscriberRow): Promise<void> {
  await tx.subscriber.update({
    where: { id: subscriber.id },
    data: { status: settledStatus(subscriber), errors: [], lastStatusChange: new Date() },
  });
}

async function fail(tx: Tx, subscriberId: string, errorCode: string, description: string) {
  await tx.subscriber.update({
    where: { id: subscriberId },
    data: { status: 'error', errors: [{ errorCode, description }], lastStatusChange: new Date() },
  });
}

/** Locks the organisation row, so a subscriber job and its organisation's job never interleave. */
async function lockCustomerOrg(tx: Tx, customerOrgId: string) {
  const rows = await tx.$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM "customer_org" WHERE id = ${customerOrgId}::uuid FOR UPDATE`;
  return rows[0]?.status;
}

async function subscribersWaitingFor(tx: Tx, customerOrgId: string): Promise<SubscriberRow[]> {
  const rows = await tx.subscriber.findMany({
    where: { customerOrgId, status: { in: ['provisioning', 'updating'] } },
    select: { id: true, status: true, email: true, template: { select: { emailTrust: true } } },
  });
  return rows.map(({ template, ...row }) => ({ ...row, emailTrust: template.emailTrust }));
}

/**
 * Creates a customer organisation: it becomes active, and every subscriber that was
 * waiting for it is provisioned in the same transaction.
 */
const createCustomerOrg: JobHandler = async (job, tx) => {
  const { customerOrgId } = job.payload as { customerOrgId: string };
  if ((await lockCustomerOrg(tx, customerOrgId)) !== 'provisioning') return;

  await tx.customerOrg.update({ where: { id: customerOrgId }, data: { status: 'active' } });
  for (const subscriber of await subscribersWaitingFor(tx, customerOrgId)) {
    await settle(tx, subscriber);
  }
};

/**
 * Provisions (or applies a change to) one subscriber. While its organisation is still being
 * created there is nothing to do: the organisation's job provisions it on completion.
 */
const provisionSubscriber: JobHandler = async (job, tx) => {
  const { subscriberId } = job.payload as { subscriberId: string };
  const subscriber = await tx.subscriber.findUnique({
    where: { id: subscriberId },
    select: {
      id: true,
      status: true,
      email: true,
      customerOrgId: true,
      template: { select: { emailTrust: true } },
    },
  });
  if (!subscriber || !['provisioning', 'updating'].includes(subscriber.status)) return;

  if (!subscriber.customerOrgId) {
    await fail(
      tx,
      subscriber.id,
      'customer_org_missing',
      'The template does not create customer organisations and none exists for this enterprise.',
    );
    return;
  }

  const orgStatus = await lockCustomerOrg(tx, subscriber.customerOrgId);
  if (orgStatus === 'provisioning') return;
  if (orgStatus === 'error') {
    await fail(
      tx,
      subscriber.id,
      'customer_org_failed',
      'The customer organisation could not be created.',
    );
    return;
  }

  await settle(tx, { ...subscriber, emailTrust: subscriber.template.emailTrust });
};

export const provisioningHandlers: Record<string, JobHandler> = {
  [provisionJobKind.customerOrg]: createCustomerOrg,
  [provisionJobKind.subscriber]: provisionSubscriber,
};
