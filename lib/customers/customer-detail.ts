import { Prisma } from '@/lib/generated/prisma/client';
import { notFound } from '@/lib/http/errors';
import { toSubscriberView } from '@/lib/subscribers/subscriber-api';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import { emptyCounts, subscriberCountsOf, uuidRegex } from './customer-search';
import { subscriberPageSizes, type ListCustomerSubscribersQuery } from './schemas';

// Raw SQL here is not reached by the partner scope of PartnerDb, so it names the partner itself.

export const customerSubscriberSelect = {
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

type SubscriberRow = Prisma.SubscriberGetPayload<{ select: typeof customerSubscriberSelect }>;

export async function findCustomer(
  db: PartnerDb,
  options: { partnerId: string; customerId: string },
) {
  const org = await db.customerOrg.findUnique({
    where: { id: options.customerId },
    select: {
      id: true,
      name: true,
      spEnterpriseId: true,
      status: true,
      errorCode: true,
      errorReason: true,
      createdAt: true,
      updatedAt: true,
      template: {
        select: {
          id: true,
          name: true,
          provisioningId: true,
          cluster: { select: { id: true, name: true } },
        },
      },
    },
  });
  if (!org) throw notFound('customer');

  const counts = (await subscriberCountsOf(db, [org.id])).get(org.id) ?? emptyCounts();
  const statuses = await db.subscriber.groupBy({
    by: ['status'],
    where: { customerOrgId: org.id },
    _count: { _all: true },
  });

  return {
    id: org.id,
    orgId: org.id,
    partnerOrgId: options.partnerId,
    name: org.name,
    spEnterpriseId: org.spEnterpriseId,
    status: org.status,
    errorCode: org.errorCode,
    errorReason: org.errorReason,
    template: {
      id: org.template.id,
      name: org.template.name,
      provisioningId: org.template.provisioningId,
    },
    cluster: org.template.cluster,
    subscriberCounts: counts,
    subscriberTotal: Object.values(counts).reduce((sum, count) => sum + count, 0),
    subscriberStatusCounts: Object.fromEntries(
      statuses.map((group) => [group.status, group._count._all]),
    ) as Partial<Record<SubscriberRow['status'], number>>,
    created: org.createdAt.toISOString(),
    updated: org.updatedAt.toISOString(),
  };
}

export type CustomerDetail = Awaited<ReturnType<typeof findCustomer>>;

/**
 * The TrackingID of the newest request that touched each subscriber: the background work that
 * failed ran on behalf of that request, so it is the one to quote in a support case.
 */
async function lastTrackingIds(db: PartnerDb, partnerId: string, subscriberIds: string[]) {
  if (subscriberIds.length === 0) return new Map<string, string>();

  const rows = await db.$queryRaw<{ target_id: string; tracking_id: string }[]>`
    SELECT DISTINCT ON (target_id) target_id, tracking_id
      FROM audit_entry
     WHERE partner_id = ${partnerId}::uuid AND target_type = 'subscriber'
       AND target_id IN (${Prisma.join(subscriberIds)})
     ORDER BY target_id, created_at DESC, id DESC`;

  return new Map(rows.map((row) => [row.target_id, row.tracking_id]));
}

export function toCustomerSubscriberView(row: SubscriberRow, trackingId: string | null) {
  return { ...toSubscriberView(row), trackingId };
}

export type CustomerSubscriberView = ReturnType<typeof toCustomerSubscriberView>;

async function assertCustomer(db: PartnerDb, customerId: string): Promise<void> {
  const org = await db.customerOrg.findUnique({ where: { id: customerId }, select: { id: true } });
  if (!org) throw notFound('customer');
}

/** A page of a customer's subscribers by name, optionally of one status or package. */
export async function listCustomerSubscribers(
  db: PartnerDb,
  options: { partnerId: string; customerId: string; query: ListCustomerSubscribersQuery },
) {
  const { partnerId, customerId, query } = options;
  await assertCustomer(db, customerId);

  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? subscriberPageSizes[0];
  const where: Prisma.SubscriberWhereInput = {
    customerOrgId: customerId,
    status: query.status,
    package: query.package,
  };
  const [rows, total] = await Promise.all([
    db.subscriber.findMany({
      where,
      select: customerSubscriberSelect,
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.subscriber.count({ where }),
  ]);
  const trackingIds = await lastTrackingIds(
    db,
    partnerId,
    rows.map((row) => row.id),
  );

  return {
    items: rows.map((row) => toCustomerSubscriberView(row, trackingIds.get(row.id) ?? null)),
    page,
    pageSize,
    total,
  };
}

export async function findCustomerSubscriber(
  db: PartnerDb,
  options: { partnerId: string; customerId: string; subscriberId: string },
): Promise<CustomerSubscriberView> {
  const row = await db.subscriber.findFirst({
    where: { id: options.subscriberId, customerOrgId: options.customerId },
    select: customerSubscriberSelect,
  });
  if (!row) throw notFound('subscriber');

  const trackingIds = await lastTrackingIds(db, options.partnerId, [row.id]);
  return toCustomerSubscriberView(row, trackingIds.get(row.id) ?? null);
}

const activityLimit = 20;

interface AuditRow {
  id: bigint;
  action: string;
  actor_label: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  tracking_id: string;
  created_at: Date;
  user_id: string | null;
}

interface JobRow {
  id: bigint;
  kind: string;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error_code: string | null;
  last_error: string | null;
  run_at: Date;
  created_at: Date;
  user_id: string | null;
}

/**
 * What happened to a customer lately: the audit entries of requests that touched it or its
 * subscribers, the background work still open or failed, and the newest status changes.
 */
export async function customerActivity(
  db: PartnerDb,
  options: { partnerId: string; customerId: string },
) {
  const { partnerId, customerId } = options;
  await assertCustomer(db, customerId);

  const subscribersOfCustomer = Prisma.sql`
    SELECT id FROM subscriber
     WHERE partner_id = ${partnerId}::uuid AND customer_org_id = ${customerId}::uuid`;

  const audit = await db.$queryRaw<AuditRow[]>`
    SELECT recent.*, coalesce(s.user_id, recent.details_user_id) AS user_id
      FROM (SELECT a.id, a.action, a.actor_label, a.target_type, a.target_id, a.outcome,
                   a.tracking_id, a.created_at, a.details ->> 'userId' AS details_user_id
              FROM audit_entry a
             WHERE a.partner_id = ${partnerId}::uuid
               AND a.target_id IN (SELECT ${customerId}
                                   UNION ALL SELECT id::text FROM (${subscribersOfCustomer}) own)
             ORDER BY a.created_at DESC, a.id DESC
             LIMIT ${activityLimit}) AS recent
      LEFT JOIN subscriber s
        ON recent.target_type = 'subscriber' AND s.partner_id = ${partnerId}::uuid
       AND s.id = CASE WHEN recent.target_id ~ ${uuidRegex} THEN recent.target_id::uuid END
     ORDER BY recent.created_at DESC, recent.id DESC`;

  // Finished jobs are many and tell little beyond the status changes below; open and failed
  // ones are what support looks for, and there are few of them.
  const jobs = await db.$queryRaw<JobRow[]>`
    SELECT recent.*, s.user_id
      FROM (SELECT j.id, j.kind, j.status::text AS status, j.attempts, j.max_attempts,
                   j.last_error_code, j.last_error, j.run_at, j.created_at,
                   j.payload ->> 'subscriberId' AS subscriber_ref
              FROM job j
             WHERE j.partner_id = ${partnerId}::uuid
               AND j.status IN ('queued', 'running', 'failed')
               AND (j.payload ->> 'customerOrgId' = ${customerId}
                    OR j.payload ->> 'subscriberId'
                       IN (SELECT id::text FROM (${subscribersOfCustomer}) own))
             ORDER BY j.created_at DESC, j.id DESC
             LIMIT ${activityLimit}) AS recent
      LEFT JOIN subscriber s
        ON s.partner_id = ${partnerId}::uuid
       AND s.id = CASE WHEN recent.subscriber_ref ~ ${uuidRegex}
                       THEN recent.subscriber_ref::uuid END
     ORDER BY recent.created_at DESC, recent.id DESC`;

  const statusChanges = await db.subscriber.findMany({
    where: { customerOrgId: customerId },
    select: { id: true, userId: true, status: true, lastStatusChange: true },
    orderBy: [{ lastStatusChange: 'desc' }, { id: 'desc' }],
    take: activityLimit,
  });

  return {
    audit: audit.map((row) => ({
      id: String(row.id),
      action: row.action,
      actor: row.actor_label,
      targetType: row.target_type,
      targetId: row.target_id,
      userId: row.user_id,
      outcome: row.outcome,
      trackingId: row.tracking_id,
      created: row.created_at.toISOString(),
    })),
    jobs: jobs.map((row) => ({
      id: String(row.id),
      kind: row.kind,
      status: row.status,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      errorCode: row.last_error_code,
      // Unexpected failures carry internal messages; only deliberate ones are for people.
      error: row.last_error_code === 'internal_error' ? null : row.last_error,
      userId: row.user_id,
      runAt: row.run_at.toISOString(),
      created: row.created_at.toISOString(),
    })),
    statusChanges: statusChanges.map((row) => ({
      subscriberId: row.id,
      userId: row.userId,
      status: row.status,
      at: row.lastStatusChange.toISOString(),
    })),
  };
}

export type CustomerActivity = Awaited<ReturnType<typeof customerActivity>>;
