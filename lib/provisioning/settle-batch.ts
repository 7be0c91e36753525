import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { JobRecord } from '@/lib/jobs/queue';

import { provisionJobKind } from './job-kinds';
import { sharedMailDomains } from './mail-domains';

/**
 * The usual subscriber, whose settling needs no mail and no admin: its organisation is
 * active, its template trusts email addresses and does not hold users for the admin, it has
 * an address, and the address's domain is shared or owned by its own organisation (the first
 * subscriber with a domain, not in error, owns it). Such subscribers are settled many at once
 * in plain SQL; everything else goes through the one-at-a-time handler.
 */
function settlesDirectly(orgReady: string, sharedDomains: string): string {
  return `
      s.status IN ('provisioning', 'updating')
  AND s.email IS NOT NULL
  AND ${orgReady}
  AND (SELECT t.email_trust = 'trusted' AND NOT t.provision_admin_first
         FROM "customer_template" t WHERE t.id = s.template_id)
  AND (s.email_domain IS NULL
       OR s.email_domain = ANY(${sharedDomains}::text[])
       OR (SELECT d.customer_org_id FROM "subscriber" d
            WHERE d.partner_id = s.partner_id AND d.email_domain = s.email_domain
              AND d.status <> 'error'
            ORDER BY d.created_at, d.id LIMIT 1) = s.customer_org_id)`;
}

// Scalar subqueries rather than EXISTS: they stay per-row lookups by primary key, where a
// join could be planned as a scan of every subscriber of the template.
const organisationActive = `(SELECT o.status FROM "customer_org" o
                 WHERE o.id = s.customer_org_id) = 'active'`;

const completeJobs = `UPDATE "job"
        SET status = 'succeeded', finished_at = now(), lease_until = NULL, updated_at = now(),
            last_error = NULL, last_error_code = NULL`;

const batchTransactionLimits = { maxWait: 10_000, timeout: 30_000 };

const provisioned = `status = 'provisioned', errors = '[]'::jsonb, last_status_change = now(),
       updated_at = now()`;

/**
 * Settles the subscribers of a batch of claimed provisioning jobs that need nothing but a
 * status change, and completes those jobs in the same statement, only while this worker
 * still holds them; jobs whose subscriber is gone or already settled (its organisation's job
 * did it) are completed as well, and so are those whose organisation is still waiting to be
 * created: its job settles them, or queues them again when they came too late for it. While
 * this statement holds the organisation's row, that job cannot start in between. A job whose
 * organisation another worker is creating at this moment goes back to the queue for a moment,
 * unrun and without using up an attempt: waiting for that organisation's lock would hold this
 * worker up for the other's whole statement. Answers the ids of the jobs done or handed back.
 */
export async function settleSubscriberJobs(
  prisma: PrismaClient,
  jobs: JobRecord[],
  workerId: string,
): Promise<Set<bigint>> {
  const rows = await prisma.$queryRawUnsafe<{ id: bigint }[]>(
    `WITH held AS (
       SELECT id, (payload->>'subscriberId')::uuid AS subscriber_id FROM "job"
        WHERE id = ANY($1::bigint[]) AND locked_by = $2 AND status = 'running'
        FOR UPDATE
     ), settled AS (
       UPDATE "subscriber" s SET ${provisioned}
         FROM held
        WHERE s.id = held.subscriber_id AND ${settlesDirectly(organisationActive, '$3')}
       RETURNING held.id AS job_id
     ), nothing_to_do AS (
       SELECT held.id AS job_id FROM held
         LEFT JOIN "subscriber" s ON s.id = held.subscriber_id
        WHERE s.id IS NULL OR s.status NOT IN ('provisioning', 'updating')
     ), organisation_waiting AS (
       SELECT held.id AS job_id,
              EXISTS (SELECT 1 FROM "customer_org" o WHERE o.id = s.customer_org_id
                      FOR NO KEY UPDATE SKIP LOCKED) AS locked_here
         FROM held
         JOIN "subscriber" s ON s.id = held.subscriber_id
        WHERE s.status IN ('provisioning', 'updating')
          AND (SELECT o.status FROM "customer_org" o
                WHERE o.id = s.customer_org_id) = 'provisioning'
     ), organisation_busy AS (
       SELECT job_id FROM organisation_waiting WHERE NOT locked_here
     ), handed_back AS (
       UPDATE "job"
          SET status = 'queued', run_at = now() + interval '200 milliseconds',
              attempts = attempts - 1, locked_by = NULL, lease_until = NULL, updated_at = now()
        WHERE id IN (SELECT job_id FROM organisation_busy)
       RETURNING id
     ), completed AS (
       ${completeJobs}
        WHERE id IN (SELECT job_id FROM settled UNION ALL SELECT job_id FROM nothing_to_do
                     UNION ALL SELECT job_id FROM organisation_waiting WHERE locked_here)
       RETURNING id
     )
     SELECT id FROM completed UNION ALL SELECT id FROM handed_back`,
    jobs.map((job) => job.id.toString()),
    workerId,
    [...sharedMailDomains],
  );
  return new Set(rows.map((row) => BigInt(row.id)));
}

/** Settles, in one statement, the waiting subscribers of an organisation that need no more. */
export async function settleOrganisationSubscribers(
  tx: Prisma.TransactionClient,
  customerOrgId: string,
): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE "subscriber" s SET ${provisioned}
      WHERE s.customer_org_id = $1::uuid AND ${settlesDirectly(organisationActive, '$2')}`,
    customerOrgId,
    [...sharedMailDomains],
  );
}

/**
 * Creates, at once, the organisations of a batch of claimed organisation jobs whose waiting
 * subscribers all settle directly: each becomes active, its subscribers provisioned, and its
 * job completed, in one statement. Jobs whose organisation is no longer being created are
 * completed too; an organisation with a subscriber that needs more (a mail, an admin, an
 * error) is left to the one-at-a-time handler, which does the whole organisation.
 *
 * That statement sees the subscribers committed before it began. One committed after, while
 * it waited for the organisation's row, may have had its own job run in that moment and find
 * the organisation still being created; a second statement in the same transaction, which
 * sees it, queues it again.
 */
export async function createOrganisationJobs(
  prisma: PrismaClient,
  jobs: JobRecord[],
  workerId: string,
): Promise<Set<bigint>> {
  // The organisations that need more are gathered once, apart: asked per organisation, a
  // planner that takes the young tables of a fresh database for empty checks every waiting
  // subscriber of the partner for every organisation, which took seconds a batch.
  const rows = await prisma.$transaction(async (tx) => {
    const created = await tx.$queryRawUnsafe<{ id: bigint; activatedOrgId: string | null }[]>(
      `WITH held AS (
         SELECT id, (payload->>'customerOrgId')::uuid AS org_id FROM "job"
          WHERE id = ANY($1::bigint[]) AND locked_by = $2 AND status = 'running'
          FOR UPDATE
       ), waiting_org AS (
         SELECT o.id, held.id AS job_id FROM "customer_org" o JOIN held ON o.id = held.org_id
          WHERE o.status = 'provisioning'
          FOR NO KEY UPDATE OF o
       ), needs_more AS MATERIALIZED (
         SELECT DISTINCT s.customer_org_id AS id FROM "subscriber" s
          WHERE s.customer_org_id IN (SELECT id FROM waiting_org)
            AND s.status IN ('provisioning', 'updating')
            AND NOT (${settlesDirectly('true', '$3')})
       ), ready AS (
         SELECT w.id, w.job_id FROM waiting_org w
          WHERE NOT EXISTS (SELECT 1 FROM needs_more n WHERE n.id = w.id)
       ), activated AS (
         UPDATE "customer_org" SET status = 'active', updated_at = now()
          WHERE id IN (SELECT id FROM ready)
       ), settled AS (
         UPDATE "subscriber" s SET ${provisioned}
          WHERE s.customer_org_id IN (SELECT id FROM ready)
            AND s.status IN ('provisioning', 'updating')
       ), nothing_to_do AS (
         SELECT held.id AS job_id FROM held
          WHERE NOT EXISTS (SELECT 1 FROM waiting_org w WHERE w.job_id = held.id)
       ), completed AS (
         ${completeJobs}
          WHERE id IN (SELECT job_id FROM ready UNION ALL SELECT job_id FROM nothing_to_do)
         RETURNING id
       )
       SELECT c.id, r.id::text AS "activatedOrgId"
         FROM completed c LEFT JOIN ready r ON r.job_id = c.id`,
      jobs.map((job) => job.id.toString()),
      workerId,
      [...sharedMailDomains],
    );

    const activatedOrgIds = created.flatMap((row) => row.activatedOrgId ?? []);
    if (activatedOrgIds.length > 0) await requeueLateSubscribers(tx, activatedOrgIds);
    return created;
  }, batchTransactionLimits);
  return new Set(rows.map((row) => BigInt(row.id)));
}

/**
 * Queues a job for each subscriber of the given organisations that still waits and whose own
 * job is no longer pending; one whose job is still queued or running is left to that job.
 */
function requeueLateSubscribers(tx: Prisma.TransactionClient, customerOrgIds: string[]) {
  return tx.$executeRawUnsafe(
    `INSERT INTO "job" (partner_id, kind, payload, dedupe_key, updated_at)
     SELECT s.partner_id, $2, jsonb_build_object('subscriberId', s.id),
            'subscriber:' || s.id || ':organisation-active', now()
       FROM "subscriber" s
      WHERE s.customer_org_id = ANY($1::uuid[])
        AND s.status IN ('provisioning', 'updating')
        AND NOT EXISTS (
          SELECT 1 FROM "job" j
           WHERE j.dedupe_key = 'subscriber:' || s.id || ':change:' || s.change_sequence
             AND j.status IN ('queued', 'running'))
     ON CONFLICT (dedupe_key) DO NOTHING`,
    customerOrgIds,
    provisionJobKind.subscriber,
  );
}
