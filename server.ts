import { createServer } from 'node:http';

import next from 'next';

import { readConfig } from '@/lib/config';
import { getDatabase } from '@/lib/db/database';
import { migrate } from '@/lib/db/migrate';
import { appRequestHandler } from '@/lib/http/app-request-handler';
import { jobBatchHandlers, jobHandlers, periodicJobs } from '@/lib/jobs/registry';
import { startScheduler } from '@/lib/jobs/schedule';
import { startWorker } from '@/lib/jobs/worker';
import { logger } from '@/lib/observability/logger';
import { startRequestLog } from '@/lib/observability/request-log';
import { acceptingAdds } from '@/lib/provisioning/accept-add';
import {
  assertProductionSafe,
  ConfigurationError,
  resolveAuthSecret,
  resolveEncryptionKey,
} from '@/lib/system/auth-secret';
import { ensureFirstAdmin } from '@/lib/system/first-admin';

const dev = process.argv.includes('--dev');
const production = process.env.NODE_ENV === 'production';
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';

function printFirstAdmin(email: string, password: string): void {
  const lines = [
    'First run: created a partner organisation and its full admin.',
    `  email:    ${email}`,
    `  password: ${password}`,
    'This password is shown only now. Sign in and keep it somewhere safe.',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

async function start(): Promise<void> {
  const config = readConfig();
  if (production) assertProductionSafe(process.env);

  process.env.NEXTAUTH_SECRET = resolveAuthSecret({
    configured: process.env.NEXTAUTH_SECRET,
    production,
    sharedDatabase: Boolean(config.databaseUrl),
    dataDir: config.dataDir,
  });
  process.env.ENCRYPTION_KEY = resolveEncryptionKey({
    configured: process.env.ENCRYPTION_KEY,
    production,
    sharedDatabase: Boolean(config.databaseUrl),
    dataDir: config.dataDir,
  });
  process.env.NEXTAUTH_URL ??= config.baseUrl;

  const database = getDatabase();
  // Every request would fail until the process starts again, so it ends and leaves the restart
  // to whatever runs it.
  void database.lost?.then((error) => {
    logger().fatal({ err: error }, 'the embedded database stopped; exiting');
    process.exit(1);
  });
  if (!config.databaseUrl || process.env.MIGRATE_ON_START !== 'false') {
    const { applied } = await migrate(database.sql);
    if (applied.length) logger().info({ applied }, 'applied migrations');
  }

  const firstAdmin = await ensureFirstAdmin(database.prisma, {
    email: process.env.ADMIN_EMAIL,
    password: process.env.ADMIN_PASSWORD,
    partnerName: process.env.PARTNER_NAME,
  });
  if (firstAdmin.created && firstAdmin.generatedPassword) {
    printFirstAdmin(firstAdmin.email!, firstAdmin.generatedPassword);
  } else if (firstAdmin.created) {
    logger().info({ email: firstAdmin.email }, 'created the first admin from ADMIN_EMAIL');
  }

  // On the embedded database no other process can reach the queue, so the app works it.
  const worker =
    !config.databaseUrl || process.env.WORKER_IN_PROCESS !== 'false'
      ? startWorker({
          prisma: database.prisma,
          handlers: jobHandlers,
          batchHandlers: jobBatchHandlers,
          // Accepting requests comes first: the embedded database is one connection, and
          // on a server the app's own worker shares its process's CPU with them. A burst of
          // adds holds the worker back for up to a few seconds per claim.
          yieldWhile: () => acceptingAdds(),
          maxYieldMs: 5_000,
          concurrency: config.databaseUrl ? 4 : 1,
        })
      : undefined;
  const scheduler = worker ? startScheduler(database.prisma, periodicJobs) : undefined;

  const app = next({ dev, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const requestLog = startRequestLog(database.sql);
  const server = createServer(
    appRequestHandler({ trustProxy: config.trustProxy, requestLog, handleNext: handle }),
  );

  server.listen(port, hostname, () => {
    logger().info(
      {
        url: `http://${hostname}:${port}`,
        database: config.databaseUrl ? 'postgresql' : 'embedded',
      },
      'partner hub ready',
    );
  });

  const shutdown = () => {
    scheduler?.stop();
    server.close(() => {
      void Promise.all([worker?.stop(), requestLog.stop()])
        .then(() => database.close())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

start().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`Cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`Cannot start: ${(error as Error).stack ?? error}\n`);
  }
  process.exit(1);
});
