import { setTimeout as sleep } from 'node:timers/promises';

import type { PrismaClient } from '@/lib/generated/prisma/client';
import { logger } from '@/lib/observability/logger';

import { enqueueJob } from './queue';

export interface PeriodicJob {
  kind: string;
  everyMs: number;
  payload?: Record<string, string | number | boolean>;
}

/** The key of a period's job: every worker computes the same one, so only one job is queued. */
export function periodKey(job: PeriodicJob, now: number): string {
  return `periodic:${job.kind}:${Math.floor(now / job.everyMs)}`;
}

/** Queues each periodic job once per period; the job's handler fans out per partner itself. */
export async function enqueueDuePeriodicJobs(
  prisma: PrismaClient,
  jobs: PeriodicJob[],
  now = Date.now(),
): Promise<void> {
  for (const job of jobs) {
    await enqueueJob(prisma, {
      kind: job.kind,
      payload: job.payload ?? {},
      dedupeKey: periodKey(job, now),
      maxAttempts: 3,
    });
  }
}

/** Checks for due periodic jobs every `tickMs` until stopped. */
export function startScheduler(
  prisma: PrismaClient,
  jobs: PeriodicJob[],
  tickMs = 60_000,
): { stop(): void } {
  const abort = new AbortController();
  void (async () => {
    while (!abort.signal.aborted) {
      try {
        await enqueueDuePeriodicJobs(prisma, jobs);
      } catch (error) {
        logger().warn({ err: error }, 'queueing periodic jobs failed');
      }
      await sleep(tickMs, undefined, { signal: abort.signal }).catch(() => {});
    }
  })();
  return { stop: () => abort.abort() };
}
