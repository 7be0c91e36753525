import { Prisma } from '@/lib/generated/prisma/client';
import type { PeriodicJob } from '@/lib/jobs/schedule';
import type { JobHandler } from '@/lib/jobs/worker';

/** The routes of the machine APIs whose requests count as provisioning requests. */
export const provisioningRoutePrefixes = ['/api/provisioning/', '/api/v1/broadworks/'] as const;

export const provisioningRoutes = Prisma.join(
  provisioningRoutePrefixes.map((prefix) => Prisma.sql`route LIKE ${`${prefix}%`}`),
  ' OR ',
);

/** A request's outcome as analytics count it: no code below 400, else its error code. */
export const outcomeOf = Prisma.sql`
  CASE WHEN status >= 400 THEN coalesce(error_code, 'http_' || status) END`;

const rollupId = 1;

// A request is logged after it is answered; a day is summed only once it has been over for an
// hour, so that the last requests of the day are in the log by then.
const settleMs = 60 * 60 * 1000;

const isoDayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The first day that has not been summed yet, or null before the first roll-up. */
export async function rolledUntil(db: {
  $queryRaw: Prisma.TransactionClient['$queryRaw'];
}): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ rolled_until: Date }[]>`
    SELECT rolled_until FROM request_log_rollup WHERE id = ${rollupId}`;

  return row?.rolled_until ?? null;
}

/**
 * Sums the provisioning requests of every day that is over and not summed yet into
 * RequestLogDaily, for all partners at once, and moves the mark past them in the same
 * transaction, so that a reader sees each day either summed or in the log, never both.
 */
export async function rollUpRequestLog(tx: Prisma.TransactionClient, now = Date.now()) {
  const until = isoDayOf(now - settleMs);

  // The row lock keeps two workers from summing the same days.
  await tx.$executeRaw`
    INSERT INTO request_log_rollup (id, rolled_until, updated_at)
    SELECT ${rollupId}, coalesce(min(created_at AT TIME ZONE 'UTC')::date, ${until}::date), now()
      FROM request_log
    ON CONFLICT (id) DO NOTHING`;
  const [mark] = await tx.$queryRaw<{ rolled_until: Date }[]>`
    SELECT rolled_until FROM request_log_rollup WHERE id = ${rollupId} FOR UPDATE`;
  const from = isoDayOf(mark!.rolled_until.getTime());
  if (from >= until) return { from, until: from, rows: 0 };

  const rows = await tx.$executeRaw`
    INSERT INTO request_log_daily (partner_id, day, template_id, error_code, requests)
    SELECT partner_id, (created_at AT TIME ZONE 'UTC')::date, template_id, ${outcomeOf}, count(*)
      FROM request_log
     WHERE created_at >= ${from}::date AT TIME ZONE 'UTC'
       AND created_at < ${until}::date AT TIME ZONE 'UTC'
       AND partner_id IS NOT NULL AND (${provisioningRoutes})
     GROUP BY 1, 2, 3, 4`;
  await tx.$executeRaw`
    UPDATE request_log_rollup SET rolled_until = ${until}::date, updated_at = now()
     WHERE id = ${rollupId}`;

  return { from, until, rows };
}

export const rollUpRequestLogKind = 'analytics.roll_up_request_log';

export const analyticsHandlers: Record<string, JobHandler> = {
  [rollUpRequestLogKind]: async (_job, tx) => {
    await rollUpRequestLog(tx);
  },
};

export const analyticsPeriodicJobs: PeriodicJob[] = [
  { kind: rollUpRequestLogKind, everyMs: 15 * 60 * 1000 },
];
