import { recordAudit } from '@/lib/audit/record-audit';
import type { Prisma } from '@/lib/generated/prisma/client';
import { AppError, notFound } from '@/lib/http/errors';
import { queueHeldRelease } from '@/lib/provisioning/jobs';
import { emailDomainOwner } from '@/lib/provisioning/mail-domains';
import {
  emailDomainOf,
  queueProvisioning,
  recordNewSubscriber,
  userIdTaken,
} from '@/lib/provisioning/record-subscriber';
import { asTransactionClient, type PartnerDb } from '@/lib/tenancy/partner-db';
import type { TokenCaller } from '@/lib/tokens/bearer';

import type {
  CreateSubscriberInput,
  ListEnterprisesQuery,
  ListSubscribersQuery,
  UpdateSubscriberInput,
} from './schemas';

const subscriberSelect = {
  id: true,
  userId: true,
  spEnterpriseId: true,
  firstName: true,
  lastName: true,
  email: true,
  primaryPhoneNumber: true,
  mobilePhoneNumber: true,
  extension: true,
  package: true,
  status: true,
  errors: true,
  customerOrgId: true,
  templateId: true,
  selfActivated: true,
  changeSequence: true,
  createdAt: true,
  lastStatusChange: true,
  template: { select: { provisioningId: true } },
} satisfies Prisma.SubscriberSelect;

type SubscriberRow = Prisma.SubscriberGetPayload<{ select: typeof subscriberSelect }>;

export function toSubscriberView(row: SubscriberRow) {
  return {
    id: row.id,
    userId: row.userId,
    spEnterpriseId: row.spEnterpriseId,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    primaryPhoneNumber: row.primaryPhoneNumber,
    mobilePhoneNumber: row.mobilePhoneNumber,
    extension: row.extension,
    package: row.package,
    status: row.status,
    errors: (row.errors as { errorCode: string; description: string }[] | null) ?? [],
    orgId: row.customerOrgId,
    provisioningId: row.template.provisioningId,
    selfActivated: row.selfActivated,
    created: row.createdAt.toISOString(),
    lastStatusChange: row.lastStatusChange.toISOString(),
  };
}

export type SubscriberView = ReturnType<typeof toSubscriberView>;

interface Cursor {
  createdAt: string;
  id: string;
}

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(
    JSON.stringify({ createdAt: row.createdAt.toISOString(), id: row.id }),
  ).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.id === 'string' && !Number.isNaN(Date.parse(cursor.createdAt))) return cursor;
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', 'The request is not valid.', [
    { field: 'cursor', description: 'cursor: Use the link of the previous page as it is.' },
  ]);
}

/** One page in creation order; the cursor of the next page goes into the `Link` header. */
export async function listSubscribers(db: PartnerDb, query: ListSubscribersQuery) {
  const where: Prisma.SubscriberWhereInput = {
    userId: query.userId,
    email: query.email?.toLowerCase(),
    spEnterpriseId: query.spEnterpriseId,
    status: query.status ? { in: query.status } : undefined,
    selfActivated: query.selfActivated,
    createdAt: query.after ? { gt: new Date(query.after) } : undefined,
    lastStatusChange: query.lastStatusChange ? { gt: new Date(query.lastStatusChange) } : undefined,
    template: query.provisioningId ? { provisioningId: query.provisioningId } : undefined,
  };
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    const createdAt = new Date(cursor.createdAt);
    where.OR = [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: cursor.id } }];
  }

  const rows = await db.subscriber.findMany({
    where,
    select: subscriberSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: query.max + 1,
  });
  const page = rows.slice(0, query.max);
  const nextCursor = rows.length > query.max ? encodeCursor(page[page.length - 1]!) : null;

  return { items: page.map(toSubscriberView), nextCursor };
}

export async function findSubscriber(db: PartnerDb, subscriberId: string): Promise<SubscriberView> {
  return (await findVersionedSubscriber(db, subscriberId)).subscriber;
}

/**
 * The entity tag of a subscriber's version: it changes with every change a client makes
 * (flowthrough modify or API update), not with the progress of the background work.
 */
function versionTag(changeSequence: bigint): string {
  return `"${changeSequence}"`;
}

/** A subscriber with the entity tag of its version, for `ETag` and `If-Match`. */
export async function findVersionedSubscriber(db: PartnerDb, subscriberId: string) {
  const row = await db.subscriber.findUnique({
    where: { id: subscriberId },
    select: subscriberSelect,
  });
  if (!row) throw notFound('subscriber');

  return { subscriber: toSubscriberView(row), etag: versionTag(row.changeSequence) };
}

function matchesVersion(ifMatch: string, changeSequence: bigint): boolean {
  const current = versionTag(changeSequence);
  return ifMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === current);
}

function fieldError(field: string, description: string): AppError {
  return new AppError('validation_failed', 'The request is not valid.', [
    { field, description: `${field}: ${description}` },
  ]);
}

/** The checks of a create that need the database; shared by create and the precheck. */
async function checkCreate(db: Prisma.TransactionClient, input: CreateSubscriberInput) {
  const template = await db.customerTemplate.findUnique({
    where: { provisioningId: input.provisioningId },
    select: { id: true, partnerId: true, createOrgsAutomatically: true, emailTrust: true },
  });
  if (!template)
    throw fieldError('provisioningId', 'No customer template has this provisioning ID.');
  if (template.emailTrust === 'trusted' && !input.email) {
    throw fieldError('email', 'Is required: the template trusts the BroadWorks email as login.');
  }

  const existing = await db.subscriber.findUnique({
    where: { partnerId_userId: { partnerId: template.partnerId, userId: input.userId } },
    select: { id: true, templateId: true, spEnterpriseId: true },
  });
  if (
    existing &&
    (existing.templateId !== template.id || existing.spEnterpriseId !== input.spEnterpriseId)
  ) {
    throw userIdTaken();
  }

  if (!template.createOrgsAutomatically) {
    const org = await db.customerOrg.findUnique({
      where: {
        templateId_spEnterpriseId: {
          templateId: template.id,
          spEnterpriseId: input.spEnterpriseId,
        },
      },
      select: { id: true },
    });
    if (!org) {
      throw new AppError(
        'conflict',
        'No customer organisation exists for this enterprise.',
        ['The template does not create customer organisations automatically.'],
        {},
        { errorCode: 'customer_org_missing' },
      );
    }
  }

  return { template, existing };
}

/**
 * Would this subscriber provision? Runs every check of a create, and the check the background
 * work would fail it on (its email domain belongs to another customer), and writes nothing.
 */
export async function validateSubscriber(db: PartnerDb, input: CreateSubscriberInput) {
  const tx = asTransactionClient(db);
  const { template } = await checkCreate(tx, input);

  const emailDomain = emailDomainOf(input.email);
  const owner = await emailDomainOwner(tx, template.partnerId, emailDomain);
  if (
    owner &&
    (owner.templateId !== template.id || owner.spEnterpriseId !== input.spEnterpriseId)
  ) {
    throw new AppError(
      'conflict',
      `The email domain ${emailDomain} belongs to another customer.`,
      ['Each email domain belongs to the customer whose user brought it first.'],
      {},
      { errorCode: 'email_domain_taken' },
    );
  }
  return { valid: true };
}

/**
 * Creates a subscriber and queues its provisioning. Creating one that exists with the same
 * template and enterprise answers with it instead (`created: false`), so a retried or
 * concurrent request never makes a second one.
 */
export async function createSubscriber(
  db: PartnerDb,
  options: { caller: TokenCaller; input: CreateSubscriberInput },
): Promise<{ subscriber: SubscriberView; created: boolean }> {
  const { caller, input } = options;
  const lockKey = `subscriber:${caller.partnerId}:${input.userId}`;

  return db.$transaction(
    async (tx) => {
      let { template, existing } = await checkCreate(asTransactionClient(tx), input);
      if (!existing) {
        // Concurrent first creates of one user wait for each other here, so that only one
        // records it (201, one audit entry) and the others find its row (200).
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
        ({ template, existing } = await checkCreate(asTransactionClient(tx), input));
      }
      if (existing)
        return { subscriber: await findSubscriber(tx as PartnerDb, existing.id), created: false };

      const subscriberId = await recordNewSubscriber(asTransactionClient(tx), template, {
        userId: input.userId,
        orgKey: input.spEnterpriseId,
        orgName: input.spEnterpriseId,
        package: input.package,
        changeSequence: BigInt(1),
        fields: {
          firstName: input.firstName,
          lastName: input.lastName,
          email: input.email ?? null,
          primaryPhoneNumber: input.primaryPhoneNumber ?? null,
          mobilePhoneNumber: input.mobilePhoneNumber ?? null,
          extension: input.extension ?? null,
          language: input.language ?? null,
          timezone: input.timezone ?? null,
        },
      });
      await recordAudit(tx, {
        partnerId: caller.partnerId,
        actorLabel: `api-token:${caller.tokenId}`,
        action: 'subscriber.created',
        targetType: 'subscriber',
        targetId: subscriberId,
        outcome: 'success',
        details: { userId: input.userId, package: input.package },
      });
      return { subscriber: await findSubscriber(tx as PartnerDb, subscriberId), created: true };
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
}

export async function updateSubscriber(
  db: PartnerDb,
  options: {
    caller: TokenCaller;
    subscriberId: string;
    input: UpdateSubscriberInput;
    /** The `If-Match` header: the change applies only to that version. */
    ifMatch?: string | null;
  },
) {
  const { caller, subscriberId, input } = options;

  return db.$transaction(async (tx) => {
    // Two updates at once each take the next change number in turn, not the same one.
    await tx.$executeRaw`
      SELECT 1 FROM "subscriber"
       WHERE id = ${subscriberId}::uuid AND partner_id = ${caller.partnerId}::uuid FOR UPDATE`;
    const before = await tx.subscriber.findUnique({
      where: { id: subscriberId },
      select: subscriberSelect,
    });
    if (!before) throw notFound('subscriber');
    if (options.ifMatch && !matchesVersion(options.ifMatch, before.changeSequence)) {
      throw new AppError('precondition_failed', 'The subscriber changed since it was read.', [
        `If-Match: the current version is ${versionTag(before.changeSequence)}. Read the ` +
          'subscriber again and apply the change to what it is now.',
      ]);
    }

    const change = before.changeSequence + BigInt(1);
    const settled = before.status === 'provisioned';
    await tx.subscriber.update({
      where: { id: subscriberId },
      data: {
        firstName: input.firstName,
        lastName: input.lastName,
        primaryPhoneNumber: input.primaryPhoneNumber,
        mobilePhoneNumber: input.mobilePhoneNumber === '' ? null : input.mobilePhoneNumber,
        extension: input.extension,
        package: input.package,
        timezone: input.timezone,
        changeSequence: change,
        ...(settled ? { status: 'updating' as const, lastStatusChange: new Date() } : {}),
        // A change is a new try for a subscriber whose provisioning failed.
        ...(before.status === 'error'
          ? { status: 'provisioning' as const, errors: [], lastStatusChange: new Date() }
          : {}),
      },
    });
    await queueProvisioning(asTransactionClient(tx), caller.partnerId, subscriberId, change);
    await recordAudit(tx, {
      partnerId: caller.partnerId,
      actorLabel: `api-token:${caller.tokenId}`,
      action: 'subscriber.updated',
      targetType: 'subscriber',
      targetId: subscriberId,
      outcome: 'success',
      details: {
        before: { package: before.package, status: before.status },
        changed: Object.keys(input),
      },
    });
    return findVersionedSubscriber(tx as PartnerDb, subscriberId);
  });
}

export async function deleteSubscriber(
  db: PartnerDb,
  options: { caller: TokenCaller; subscriberId: string },
): Promise<void> {
  const { caller, subscriberId } = options;

  await db.$transaction(async (tx) => {
    const doomed = await tx.subscriber.findUnique({
      where: { id: subscriberId },
      select: { userId: true, customerOrgId: true },
    });
    const { count } = await tx.subscriber.deleteMany({ where: { id: subscriberId } });
    if (!doomed || count === 0) throw notFound('subscriber');
    if (doomed.customerOrgId) {
      await queueHeldRelease(asTransactionClient(tx), doomed.customerOrgId, subscriberId);
    }

    await recordAudit(tx, {
      partnerId: caller.partnerId,
      actorLabel: `api-token:${caller.tokenId}`,
      action: 'subscriber.deleted',
      targetType: 'subscriber',
      targetId: subscriberId,
      outcome: 'success',
      // The subscriber is gone: its customer is what the request can still be found by.
      details: { userId: doomed.userId, customerOrgId: doomed.customerOrgId ?? undefined },
    });
  });
}

export async function listEnterprises(db: PartnerDb, query: ListEnterprisesQuery) {
  const orgs = await db.customerOrg.findMany({
    where: {
      spEnterpriseId:
        query.spEnterpriseId ?? (query.startsWith ? { startsWith: query.startsWith } : undefined),
    },
    select: {
      id: true,
      name: true,
      spEnterpriseId: true,
      status: true,
      template: { select: { provisioningId: true } },
    },
    orderBy: { spEnterpriseId: 'asc' },
    take: query.max,
  });

  return orgs.map((org) => ({
    id: org.id,
    orgId: org.id,
    spEnterpriseId: org.spEnterpriseId,
    name: org.name,
    status: org.status,
    provisioningId: org.template.provisioningId,
  }));
}
