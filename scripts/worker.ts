import { readConfig } from '@/lib/config';
import { configuredTarget, openDatabase } from '@/lib/db/database';
import { jobBatchHandlers, jobHandlers, periodicJobs } from '@/lib/jobs/registry';
import { startScheduler } from '@/lib/jobs/schedule';
import { startWorker } from '@/lib/jobs/worker';
import { logger } from '@/lib/observability/logger';

// A worker of its own shares the queue through PostgreSQL; the embedded database belongs to
// the app process, whose built-in worker does the work there.
if (!readConfig().databaseUrl) {
  console.error(
    'npm run worker needs DATABASE_URL: on the embedded database the app runs the jobs.',
  );
  process.exit(1);
}

const database = openDatabase(configuredTarget());
const worker = startWorker({
  prisma: database.prisma,
  handlers: jobHandlers,
  batchHandlers: jobBatchHandlers,
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
});
const scheduler = startScheduler(database.prisma, periodicJobs);
logger().info({ workerId: worker.workerId }, 'worker started');

const stop = async () => {
  scheduler.stop();
  await worker.stop();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
