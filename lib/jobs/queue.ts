import { randomBytes } from 'node:crypto';

import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';

type Db = PrismaClient | Prisma.TransactionClient;

export interface JobRecord {
  id: bigint;
  partnerId: string | null;
  kind: string;
  payload: Prisma.JsonValue;
  attempts: number;
  maxAttempts: number;
}

export interface EnqueueOptions {
  kind: string;
  payload: Prisma.InputJsonValue;
  partnerId?: string;
  /** Work that must happen once: a second job with the same key is not queued. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Queues a job through the given client; pass the transaction that accepts the request so
 * that the request and its work are recorded together or not at all.
 */
export async function enqueueJob(db: Db, options: EnqueueOptions): Promise<void> {
  await db.job.createMany({
    data: [
      {
        kind: options.kind,
        payload: options.payload,
        partnerId: options.partnerId,
        dedupeKey: options.dedupeKey,
        runAt: options.runAt,
        maxAttempts: options.maxAttempts,
      },
    ],
    skipDuplicates: true,
  });
}

export function newWorkerId(): string {
  return `worker-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Takes up to `limit` jobs that are due, or whose previous worker's lease ran out. Rows locked
 * by another worker's claim are skipped, so any number of workers share one queue. Each kind
 * is read by its own ordered index scan rather than one bitmap scan: an index scan marks the
 * entries of finished jobs dead as it passes them, so claims stay fast between vacuums (the
 * embedded database has no autovacuum at all).
 */
export async function claimJobs(
  db: Db,
  options: { workerId: string; limit: number; leaseMs: number },
): Promise<JobRecord[]> {
  const rows = await db.$queryRaw<
    {
      id: bigint;
      partner_id: string | null;
      kind: string;
      payload: Prisma.JsonValue;
      attempts: number;
      max_attempts: number;
    }[]
  >`
    WITH due AS (
      SELECT id FROM "job"
       WHERE status = 'queued' AND run_at <= now()
       ORDER BY status, run_at
       LIMIT ${options.limit}
       FOR UPDATE SKIP LOCKED
    ), expired AS (
      SELECT id FROM "job"
       WHERE status = 'running' AND lease_until < now()
       ORDER BY status, lease_until
       LIMIT ${options.limit}
       FOR UPDATE SKIP LOCKED
    )
    UPDATE "job"
       SET status = 'running',
           attempts = attempts + 1,
           locked_by = ${options.workerId},
           lease_until = now() + make_interval(secs => ${options.leaseMs / 1000}),
           updated_at = now()
     WHERE id IN (
       SELECT id FROM (SELECT id FROM expired UNION ALL SELECT id FROM due) AS claimable
        LIMIT ${options.limit})
    RETURNING id, partner_id, kind, payload, attempts, max_attempts`;

  return rows.map((row) => ({
    id: row.id,
    partnerId: row.partner_id,
    kind: row.kind,
    payload: row.payload,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  }));
}

/** An error that retrying will not fix: the job ends in `failed` at once. */
export class PermanentJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The worker's lease ran out and another worker took the job over; this run's work is void. */
export class LeaseLost extends Error {}

/** Marks a job done inside the transaction of its work, only while this worker holds it. */
export async function completeJob(
  tx: Prisma.TransactionClient,
  job: JobRecord,
  workerId: string,
): Promise<void> {
  const updated = await tx.$executeRaw`
    UPDATE "job"
       SET status = 'succeeded', finished_at = now(), lease_until = NULL, updated_at = now(),
           last_error = NULL, last_error_code = NULL
     WHERE id = ${job.id} AND locked_by = ${workerId} AND status = 'running'`;
  if (updated === 0) throw new LeaseLost(`job ${job.id} is no longer held by ${workerId}`);
}

const baseDelayMs = 1_000;
const maxDelayMs = 5 * 60_000;

/** Capped exponential backoff with full jitter: spreads retries of many failing jobs. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Why a job ended in `failed`, handed to its kind's `failed` hook. */
export interface JobFailure {
  code: string;
  message: string;
}

/**
 * Records a failed attempt: the job is queued again after a backoff, or, when the error is
 * permanent or the attempts are used up, ends in `failed`. Then `onFailed` runs in the same
 * transaction, so that what the job was for shows the failure too.
 */
export async function failJob(
  prisma: PrismaClient,
  job: JobRecord,
  options: {
    workerId: string;
    error: unknown;
    onFailed?: (job: JobRecord, tx: Prisma.TransactionClient, failure: JobFailure) => Promise<void>;
  },
): Promise<'retrying' | 'failed'> {
  const permanent = options.error instanceof PermanentJobError;
  const code = permanent ? (options.error as PermanentJobError).code : 'internal_error';
  const message = ((options.error as Error)?.message ?? String(options.error)).slice(0, 2000);
  const giveUp = permanent || job.attempts >= job.maxAttempts;

  if (giveUp) {
    await prisma.$transaction(async (tx) => {
      const ended = await tx.$executeRaw`
        UPDATE "job"
           SET status = 'failed', finished_at = now(), lease_until = NULL, updated_at = now(),
               last_error = ${message}, last_error_code = ${code}
         WHERE id = ${job.id} AND locked_by = ${options.workerId} AND status = 'running'`;
      if (ended > 0 && options.onFailed) await options.onFailed(job, tx, { code, message });
    });
    return 'failed';
  }

  const runAt = new Date(Date.now() + retryDelayMs(job.attempts));
  await prisma.$executeRaw`
    UPDATE "job"
       SET status = 'queued', run_at = ${runAt}, lease_until = NULL, locked_by = NULL,
           updated_at = now(), last_error = ${message}, last_error_code = ${code}
     WHERE id = ${job.id} AND locked_by = ${options.workerId} AND status = 'running'`;
  return 'retrying';
}
