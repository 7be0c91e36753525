import { createServer, type IncomingMessage } from 'node:http';

import next from 'next';

import { readConfig } from '@/lib/config';
import { getDatabase } from '@/lib/db/database';
import { migrate } from '@/lib/db/migrate';
import { jobBatchHandlers, jobHandlers, periodicJobs } from '@/lib/jobs/registry';
import { startScheduler } from '@/lib/jobs/schedule';
import { startWorker } from '@/lib/jobs/worker';
import { logger } from '@/lib/observability/logger';
import { acceptingAdds } from '@/lib/provisioning/accept-add';
import { flowthroughCallOf, serveFlowthrough } from '@/lib/provisioning/node-endpoint';
import {
  newTrackingId,
  requestContextStore,
  type RequestContext,
} from '@/lib/observability/request-context';
import { isRecordedRoute, requestLogRow, startRequestLog } from '@/lib/observability/request-log';
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

// Headers the app trusts only because this server sets them; whatever a client sent is dropped.
const internalHeaders = ['x-client-ip', 'x-tracking-id'];

function clientIpOf(request: IncomingMessage, trustProxy: boolean): string {
  const socketAddress = request.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return socketAddress;

  // The proxy in front appends the address it saw; earlier entries are the client's word.
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((part) => part.trim());
  return forwarded.at(-1) || socketAddress;
}

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

  const store = requestContextStore();
  const requestLog = startRequestLog(database.sql);
  const server = createServer((request, response) => {
    const started = performance.now();
    for (const name of internalHeaders) delete request.headers[name];

    const context: RequestContext = {
      trackingId: newTrackingId(),
      clientIp: clientIpOf(request, config.trustProxy),
    };
    request.headers['x-tracking-id'] = context.trackingId;
    request.headers['x-client-ip'] = context.clientIp;
    response.setHeader('TrackingID', context.trackingId);

    response.on('finish', () => {
      const route = (request.url ?? '/').split('?')[0];
      const line = {
        method: request.method,
        route,
        status: response.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        trackingId: context.trackingId,
        partnerId: context.partnerId,
        userId: context.userId,
        clientIp: context.clientIp,
        credential: context.credential,
        errorCode: context.errorCode,
      };
      if (route?.startsWith('/_next/')) logger().debug(line, 'request');
      else logger().info(line, 'request');

      if (isRecordedRoute(route)) requestLog.record(requestLogRow(line, context));
    });

    const provisioningId = flowthroughCallOf(request);
    store.run(context, () => {
      const answered = provisioningId
        ? serveFlowthrough(request, response, { provisioningId, ...context })
        : handle(request, response);
      answered.catch((error: unknown) => {
        logger().error({ err: error, trackingId: context.trackingId }, 'unhandled request error');
        if (!response.headersSent) {
          response.statusCode = 500;
          response.setHeader('Content-Type', 'application/json');
          response.end(
            JSON.stringify({
              message: 'Something went wrong on our side.',
              errors: [{ description: 'Quote the TrackingID when you contact support.' }],
              trackingId: context.trackingId,
            }),
          );
        }
      });
    });
  });

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
