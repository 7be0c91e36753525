import { readConfig } from '@/lib/config';
import type { Prisma } from '@/lib/generated/prisma/client';
import { enqueueJob } from '@/lib/jobs/queue';
import type { JobHandler } from '@/lib/jobs/worker';

import { logger } from './logger';

export const purgeRequestLogJobKind = 'request-log.purge';

const dayMs = 24 * 60 * 60 * 1000;

export interface PurgeLimits {
  batchRows: number;
  maxBatches: number;
}

// Small deletes keep each statement short; a run that hits its cap queues the next one, so a
// backlog goes in several transactions instead of one that outlives the job's lease.
const defaultLimits: PurgeLimits = { batchRows: 5_000, maxBatches: 20 };

/** Deletes request log rows older than `before`, a batch at a time; says whether some remain. */
export async function purgeRequestLogBefore(
  tx: Prisma.TransactionClient,
  before: Date,
  limits: PurgeLimits = defaultLimits,
): Promise<{ deleted: number; more: boolean }> {
  let deleted = 0;

  for (let batch = 0; batch < limits.maxBatches; batch += 1) {
    const count = await tx.$executeRaw`
      DELETE FROM "request_log" WHERE id IN (
        SELECT id FROM "request_log" WHERE created_at < ${before}
         ORDER BY created_at LIMIT ${limits.batchRows})`;
    deleted += count;
    if (count < limits.batchRows) return { deleted, more: false };
  }
  return { deleted, more: true };
}

export function purgeRequestLogHandler(limits: PurgeLimits = defaultLimits): JobHandler {
  return async (job, tx) => {
    const days = readConfig().requestLogRetentionDays;
    const before = new Date(Date.now() - days * dayMs);
    const { deleted, more } = await purgeRequestLogBefore(tx, before, limits);

    if (deleted > 0) logger().info({ deleted, more, retentionDays: days }, 'purged request log');
    if (more) {
      await enqueueJob(tx, {
        kind: purgeRequestLogJobKind,
        payload: {},
        dedupeKey: `${purgeRequestLogJobKind}:after:${job.id}`,
        maxAttempts: 3,
      });
    }
  };
}

export const requestLogRetentionHandlers: Record<string, JobHandler> = {
  [purgeRequestLogJobKind]: purgeRequestLogHandler(),
};
