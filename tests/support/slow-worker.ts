import { setTimeout as sleep } from 'node:timers/promises';

import { recordAudit } from '@/lib/audit/record-audit';
import { openDatabase } from '@/lib/db/database';
import { startWorker } from '@/lib/jobs/worker';

// A worker process whose job takes long enough to be killed in the middle of it: it writes
// its effect, then waits inside the job's transaction before the job can complete.
const database = openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL! });

startWorker({
  prisma: database.prisma,
  workerId: 'doomed-worker',
  leaseMs: Number(process.env.LEASE_MS ?? 1_000),
  pollMs: 50,
  handlers: {
    'test.slow': async (job, tx) => {
      await recordAudit(tx, {
        partnerId: null,
        actorLabel: 'doomed-worker',
        action: 'test.job_ran',
        targetType: 'job',
        targetId: String(job.id),
        outcome: 'success',
        trackingId: 'job',
      });
      process.stdout.write(`started ${job.id}\n`);
      await sleep(60_000);
    },
  },
});
