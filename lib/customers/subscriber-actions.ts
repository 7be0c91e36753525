import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { AppError, notFound } from '@/lib/http/errors';
import { lockCustomerOrg } from '@/lib/provisioning/jobs';
import { queueProvisioning } from '@/lib/provisioning/record-subscriber';
import { asTransactionClient, type PartnerDb } from '@/lib/tenancy/partner-db';

import { findCustomerSubscriber, type CustomerSubscriberView } from './customer-detail';
import type { ChangePackageInput } from './schemas';

interface ActionOptions {
  actor: CurrentUser;
  customerId: string;
  subscriberId: string;
}

type Tx = Parameters<Parameters<PartnerDb['$transaction']>[0]>[0];

/**
 * Reads the subscriber under its organisation's row lock, the lock the background jobs take
 * before they settle a subscriber, so that an action and a job never interleave.
 */
async function lockedSubscriber(tx: Tx, customerId: string, subscriberId: string) {
  // The lock statement is not partner-scoped, so the customer is looked up through the scope
  // first: another partner's row is never locked.
  const org = await tx.customerOrg.findUnique({ where: { id: customerId }, select: { id: true } });
  if (!org) throw notFound('subscriber');
  await lockCustomerOrg(asTransactionClient(tx), org.id);

  const subscriber = await tx.subscriber.findFirst({
    where: { id: subscriberId, customerOrgId: customerId },
    select: {
      id: true,
      userId: true,
      package: true,
      status: true,
      errors: true,
      changeSequence: true,
    },
  });
  if (!subscriber) throw notFound('subscriber');

  return subscriber;
}

function errorCodesOf(errors: unknown): string[] {
  return Array.isArray(errors)
    ? errors.map((error) => String((error as { errorCode?: unknown }).errorCode ?? 'unknown'))
    : [];
}

/** Provisions a subscriber in error again, through the same background job as a new one. */
export async function retrySubscriber(
  db: PartnerDb,
  options: ActionOptions,
): Promise<CustomerSubscriberView> {
  const { actor, customerId, subscriberId } = options;

  return db.$transaction(async (tx) => {
    const before = await lockedSubscriber(tx, customerId, subscriberId);
    if (before.status !== 'error') {
      throw new AppError(
        'conflict',
        'Only a subscriber in error can be retried.',
        [`The subscriber is ${before.status}.`],
        {},
        { reason: 'not_in_error', status: before.status },
      );
    }

    const change = before.changeSequence + BigInt(1);
    await tx.subscriber.update({
      where: { id: subscriberId },
      data: {
        status: 'provisioning',
        errors: [],
        changeSequence: change,
        lastStatusChange: new Date(),
      },
    });
    await queueProvisioning(asTransactionClient(tx), actor.partnerId, subscriberId, change);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'subscriber.retried',
      targetType: 'subscriber',
      targetId: subscriberId,
      outcome: 'success',
      details: {
        customerOrgId: customerId,
        userId: before.userId,
        errors: errorCodesOf(before.errors),
      },
    });

    return findCustomerSubscriber(tx as PartnerDb, {
      partnerId: actor.partnerId,
      customerId,
      subscriberId,
    });
  });
}

/**
 * Gives a subscriber another package. As through the public API, a provisioned subscriber is
 * `updating` until the background job has applied the change.
 */
export async function changeSubscriberPackage(
  db: PartnerDb,
  options: ActionOptions & { input: ChangePackageInput },
): Promise<CustomerSubscriberView> {
  const { actor, customerId, subscriberId, input } = options;

  return db.$transaction(async (tx) => {
    const before = await lockedSubscriber(tx, customerId, subscriberId);
    const view = () =>
      findCustomerSubscriber(tx as PartnerDb, {
        partnerId: actor.partnerId,
        customerId,
        subscriberId,
      });
    if (before.package === input.package) return view();

    const change = before.changeSequence + BigInt(1);
    const settled = before.status === 'provisioned';
    await tx.subscriber.update({
      where: { id: subscriberId },
      data: {
        package: input.package,
        changeSequence: change,
        ...(settled ? { status: 'updating' as const, lastStatusChange: new Date() } : {}),
      },
    });
    await queueProvisioning(asTransactionClient(tx), actor.partnerId, subscriberId, change);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'subscriber.package_changed',
      targetType: 'subscriber',
      targetId: subscriberId,
      outcome: 'success',
      details: {
        customerOrgId: customerId,
        userId: before.userId,
        before: { package: before.package, status: before.status },
        after: { package: input.package },
      },
    });

    return view();
  });
}

/**
 * Removes a subscriber, which releases its licence. The subscriber is gone afterwards, so the
 * audit entry is about the customer it belonged to and names the subscriber in its details.
 */
export async function removeSubscriber(db: PartnerDb, options: ActionOptions): Promise<void> {
  const { actor, customerId, subscriberId } = options;

  await db.$transaction(async (tx) => {
    const before = await lockedSubscriber(tx, customerId, subscriberId);

    await tx.subscriber.delete({ where: { id: subscriberId } });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'subscriber.removed',
      targetType: 'customer_org',
      targetId: customerId,
      outcome: 'success',
      details: {
        customerOrgId: customerId,
        subscriberId,
        userId: before.userId,
        package: before.package,
      },
    });
  });
}
