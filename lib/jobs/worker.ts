import { setTimeout as sleep } from 'node:timers/promises';

import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { logger } from '@/lib/observability/logger';

import {
  claimJobs,
  completeJob,
  failJob,
  LeaseLost,
  newWorkerId,
  PermanentJobError,
  type JobFailure,
  type JobRecord,
} from './queue';

/**
 * Does a job's work inside the transaction that also marks it done. Slow outside work (a
 * network call) belongs in `prepare`, which runs before the transaction and hands its result
 * over: a transaction held open on the embedded database stops every other query.
 */
export type JobHandler = ((
  job: JobRecord,
  tx: Prisma.TransactionClient,
  prepared?: unknown,
) => Promise<void>) & {
  prepare?: (job: JobRecord, prisma: PrismaClient) => Promise<unknown>;
  /** Runs when the job has ended in `failed`, in the transaction that records it. */
  failed?: (job: JobRecord, tx: Prisma.TransactionClient, failure: JobFailure) => Promise<void>;
};

/**
 * Offered a batch of claimed jobs of one kind: does what it can of them at once, completing
 * them itself while this worker holds them, and answers the ids it completed. The rest go to
 * the kind's one-at-a-time handler.
 */
export type BatchJobHandler = (
  prisma: PrismaClient,
  jobs: JobRecord[],
  workerId: string,
) => Promise<Set<bigint>>;

export interface WorkerOptions {
  prisma: PrismaClient;
  handlers: Record<string, JobHandler>;
  batchHandlers?: Record<string, BatchJobHandler>;
  /** How many jobs one claim takes when batch handlers are given. */
  batchSize?: number;
  /**
   * While this answers true the worker waits before its next claim or step, up to `maxYieldMs`
   * for a claim and its steps together: requests waiting to be accepted go before background
   * work, which the worker catches up on once a burst is over.
   */
  yieldWhile?: () => boolean;
  maxYieldMs?: number;
  workerId?: string;
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
}

export interface Worker {
  workerId: string;
  stop(): Promise<void>;
}

async function runJob(options: Required<WorkerOptions>, job: JobRecord): Promise<void> {
  const { prisma, handlers, workerId, leaseMs } = options;
  const handler = handlers[job.kind];

  try {
    if (!handler) throw new PermanentJobError('unknown_job_kind', `No handler for ${job.kind}.`);
    // Claimed again after its last attempt: each time, its worker stopped in the middle.
    if (job.attempts > job.maxAttempts) {
      throw new PermanentJobError(
        'worker_lost',
        `The worker running this job stopped during each of its ${job.maxAttempts} attempts.`,
      );
    }

    // The work and the completion commit together: a worker that dies or loses its lease
    // leaves no half-done work, and the next holder does it exactly once.
    const prepared = handler.prepare ? await handler.prepare(job, prisma) : undefined;
    await prisma.$transaction(
      async (tx) => {
        await handler(job, tx, prepared);
        await completeJob(tx, job, workerId);
      },
      { timeout: leaseMs, maxWait: leaseMs },
    );
  } catch (error) {
    if (error instanceof LeaseLost) {
      logger().warn({ jobId: String(job.id), workerId }, 'job lease lost; its work was discarded');
      return;
    }

    const outcome = await failJob(prisma, job, { workerId, error, onFailed: handler?.failed });
    const log = {
      jobId: String(job.id),
      kind: job.kind,
      attempts: job.attempts,
      outcome,
      err: error,
    };
    if (outcome === 'failed') logger().error(log, 'job failed');
    else logger().warn(log, 'job will be retried');
  }
}

const yieldStepMs = 5;
const burstBite = 5;

/** Runs `work` over `items` with at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/** Offers claimed jobs to their kind's batch handler; answers the jobs still to run one by one. */
async function runBatch(options: Required<WorkerOptions>, kind: string, jobs: JobRecord[]) {
  try {
    const done = await options.batchHandlers[kind]!(options.prisma, jobs, options.workerId);
    return jobs.filter((job) => !done.has(job.id));
  } catch (error) {
    // The one-at-a-time handler still does the work, and retries it as it should.
    logger().warn({ err: error, kind, workerId: options.workerId }, 'batch handler failed');
    return jobs;
  }
}

/** Claims and runs due jobs until none is left (or stopped); returns how many it ran. */
export async function drainJobs(options: WorkerOptions, signal?: AbortSignal): Promise<number> {
  const resolved = withDefaults(options);
  const batching = Object.keys(resolved.batchHandlers).length > 0;
  let ran = 0;

  while (!signal?.aborted) {
    // The embedded database answers without I/O: without this the loop would keep the event
    // loop to itself until the queue is empty, and no request would be read meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    // One budget of waiting for the claim and the steps after it, so that claimed jobs are
    // never held back longer than that in all.
    const yieldUntil = Date.now() + resolved.maxYieldMs;
    const giveWay = async () => {
      while (resolved.yieldWhile() && Date.now() < yieldUntil && !signal?.aborted) {
        await sleep(yieldStepMs);
      }
    };
    await giveWay();

    // Past its budget with requests still arriving, the worker takes only a few jobs: each of
    // its statements holds the embedded database's one connection, and a full batch's made
    // the slowest accepted requests wait tens of milliseconds more.
    const fullBatch = batching ? resolved.batchSize : resolved.concurrency;
    const jobs = await claimJobs(resolved.prisma, {
      workerId: resolved.workerId,
      limit: resolved.yieldWhile() ? Math.min(burstBite, fullBatch) : fullBatch,
      leaseMs: resolved.leaseMs,
    });
    if (jobs.length === 0) return ran;

    // Jobs without a batch handler go first, then each batched kind in the order the handlers
    // are given: an organisation's job settles its waiting subscribers, which leaves their
    // own jobs with nothing to do but be completed at once.
    // A job past its attempts goes to the one-at-a-time path, which ends it as failed.
    const batchable = (job: JobRecord) =>
      Boolean(resolved.batchHandlers[job.kind]) && job.attempts <= job.maxAttempts;
    const single = jobs.filter((job) => !batchable(job));
    const runOne = async (job: JobRecord) => {
      await giveWay();
      await runJob(resolved, job);
    };
    await eachLimited(single, resolved.concurrency, runOne);
    for (const kind of Object.keys(resolved.batchHandlers)) {
      const ofKind = jobs.filter((job) => job.kind === kind && batchable(job));
      if (ofKind.length === 0) continue;
      await giveWay();
      const remaining = await runBatch(resolved, kind, ofKind);
      await eachLimited(remaining, resolved.concurrency, runOne);
    }
    ran += jobs.length;
  }
  return ran;
}

function withDefaults(options: WorkerOptions): Required<WorkerOptions> {
  return {
    workerId: newWorkerId(),
    batchHandlers: {},
    batchSize: 100,
    yieldWhile: () => false,
    maxYieldMs: 1_000,
    concurrency: 4,
    pollMs: 250,
    leaseMs: 30_000,
    ...options,
  };
}

/** Runs jobs in the background until stopped; polls when the queue is empty. */
export function startWorker(options: WorkerOptions): Worker {
  const resolved = withDefaults(options);
  const abort = new AbortController();

  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        const ran = await drainJobs(resolved, abort.signal);
        if (ran === 0) await sleep(resolved.pollMs, undefined, { signal: abort.signal });
      } catch (error) {
        if (abort.signal.aborted) break;
        logger().error({ err: error, workerId: resolved.workerId }, 'worker loop failed');
        await sleep(resolved.pollMs * 4, undefined, { signal: abort.signal }).catch(() => {});
      }
    }
  })().catch(() => {});

  return {
    workerId: resolved.workerId,
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
