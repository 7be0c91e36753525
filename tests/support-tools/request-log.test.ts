import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as outboxRoute from '@/app/api/outbox/route';
import { POST as flowthrough } from '@/app/api/provisioning/[provisioningId]/route';
import { GET as listEnterprises } from '@/app/api/v1/broadworks/enterprises/route';
import { hashPassword } from '@/lib/auth/password';
import type { SqlConnection } from '@/lib/db/driver';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { enqueueJob } from '@/lib/jobs/queue';
import { drainJobs } from '@/lib/jobs/worker';
import {
  newTrackingId,
  requestContextStore,
  type RequestContext,
} from '@/lib/observability/request-context';
import {
  isRecordedRoute,
  requestLogRow,
  RequestLogWriter,
  type RequestLogRow,
} from '@/lib/observability/request-log';
import {
  purgeRequestLogBefore,
  purgeRequestLogHandler,
  purgeRequestLogJobKind,
} from '@/lib/observability/request-log-retention';
import { hashToken } from '@/lib/tokens/token-store';

import {
  apiRequest,
  routeContext,
  signInAs,
  useTestSecrets,
  type RouteHandler,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { seedPartner, uniqueSuffix } from '../support/seed';

interface StoredRow {
  trackingId: string;
  partnerId: string | null;
  userId: string | null;
  credential: string | null;
  templateId: string | null;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  errorCode: string | null;
  clientIp: string | null;
}

const dayMs = 24 * 60 * 60 * 1000;

function sampleRow(overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    trackingId: newTrackingId(),
    method: 'GET',
    route: '/api/customers',
    status: 200,
    durationMs: 12.4,
    clientIp: '203.0.113.7',
    createdAt: new Date(),
    ...overrides,
  };
}

/** A driver that counts statements and can be switched off, in front of the real one. */
function countingDriver(sql: SqlConnection) {
  const driver = {
    statements: 0,
    down: false,
    async query<Row>(text: string, params?: unknown[]): Promise<Row[]> {
      if (driver.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      driver.statements += 1;
      return sql.query<Row>(text, params);
    },
  };
  return driver;
}

describe('request log writer', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: (() => void)[];
  let partnerId: string;
  let admin: SignedIn;

  beforeAll(async () => {
    restoreEnv = [useTestSecrets()];
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
  });
  afterAll(async () => {
    for (const restore of restoreEnv?.reverse() ?? []) restore();
    await database?.close();
  });

  async function storedRow(trackingId: string): Promise<StoredRow | undefined> {
    const [row] = await database.sql.query<StoredRow>(
      `SELECT tracking_id AS "trackingId", partner_id::text AS "partnerId",
              user_id::text AS "userId", credential, template_id::text AS "templateId", method,
              route, status, duration_ms AS "durationMs", error_code AS "errorCode",
              client_ip AS "clientIp"
         FROM request_log WHERE tracking_id = $1`,
      [trackingId],
    );
    return row;
  }

  /** Runs a route handler the way the server does: in a request context, recorded when done. */
  async function answered(
    writer: RequestLogWriter,
    handler: RouteHandler,
    request: NextRequest,
    params: Record<string, string> = {},
  ): Promise<{ status: number; trackingId: string }> {
    const context: RequestContext = { trackingId: newTrackingId(), clientIp: '198.51.100.4' };
    const started = performance.now();
    const response = await requestContextStore().run(context, () =>
      handler(request, routeContext(params)),
    );
    const route = new URL(request.url).pathname;
    const durationMs = performance.now() - started;
    writer.record(
      requestLogRow(
        { method: request.method, route, status: response.status, durationMs },
        context,
      ),
    );
    return { status: response.status, trackingId: context.trackingId };
  }

  it('writes a signed-in request with its TrackingID, partner, user and path', async () => {
    const writer = new RequestLogWriter(database.sql);

    const { status, trackingId } = await answered(
      writer,
      outboxRoute.GET,
      apiRequest('/api/outbox?page=1', { cookie: admin.cookie }),
    );
    expect(await storedRow(trackingId)).toBeUndefined();
    await writer.flush();

    expect(status).toBe(200);
    expect(await storedRow(trackingId)).toMatchObject({
      trackingId,
      partnerId,
      userId: admin.user.id,
      credential: null,
      method: 'GET',
      route: '/api/outbox',
      status: 200,
      errorCode: null,
      clientIp: '198.51.100.4',
    });
  });

  it('records the error code of an error answer', async () => {
    const writer = new RequestLogWriter(database.sql);

    const invalid = await answered(
      writer,
      outboxRoute.GET,
      apiRequest('/api/outbox?page=zero', { cookie: admin.cookie }),
    );
    const anonymous = await answered(writer, outboxRoute.GET, apiRequest('/api/outbox'));
    const refused = await answered(
      writer,
      outboxRoute.POST,
      apiRequest('/api/outbox', { method: 'POST', cookie: admin.cookie, body: {} }),
    );
    await writer.stop();

    expect(await storedRow(invalid.trackingId)).toMatchObject({
      status: 400,
      errorCode: 'validation_failed',
      partnerId,
    });
    expect(await storedRow(anonymous.trackingId)).toMatchObject({
      status: 401,
      errorCode: 'unauthorized',
      partnerId: null,
    });
    expect(await storedRow(refused.trackingId)).toMatchObject({
      status: 405,
      errorCode: 'method_not_allowed',
    });
  });

  it('records the token prefix of an API call as its credential', async () => {
    const writer = new RequestLogWriter(database.sql);
    const token = `phub_${uniqueSuffix()}${uniqueSuffix()}${uniqueSuffix()}`;
    await prisma.apiToken.create({
      data: {
        partnerId,
        name: 'Provider system',
        scope: 'read',
        tokenPrefix: token.slice(0, 11),
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + dayMs),
      },
    });

    const request = new NextRequest('http://localhost:3000/api/v1/broadworks/enterprises', {
      headers: { authorization: `Bearer ${token}` },
    });
    const { status, trackingId } = await answered(writer, listEnterprises, request);
    await writer.flush();

    expect(status).toBe(200);
    const row = await storedRow(trackingId);
    expect(row).toMatchObject({ partnerId, credential: token.slice(0, 11), userId: null });
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('records the provisioning ID, template and specific error code of a flowthrough call', async () => {
    const writer = new RequestLogWriter(database.sql);
    const password = 'request log flowthrough password';
    const cluster = await prisma.cluster.create({
      data: {
        partnerId,
        name: `Cluster ${uniqueSuffix()}`,
        release: 'R25',
        xsiActionsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-actions',
        xsiEventsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-events',
        authServiceUrl: 'https://xsp.partner.example/authservice',
      },
    });
    const template = await prisma.customerTemplate.create({
      data: {
        partnerId,
        clusterId: cluster.id,
        name: `Template ${uniqueSuffix()}`,
        countryCode: 'NL',
        emailLanguage: 'nl',
        provisioningId: `prov${uniqueSuffix()}`,
        provisioningAccount: 'broadworks',
        provisioningPasswordHash: await hashPassword(password),
        flowthroughEnabled: false,
      },
    });
    const call = (secret: string) =>
      new NextRequest(`http://localhost:3000/api/provisioning/${template.provisioningId}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`broadworks:${secret}`).toString('base64')}`,
        },
        body: JSON.stringify({ operation: 'delete', user: { userId: 'a@b.example' } }),
      });
    const params = { provisioningId: template.provisioningId };

    const disabled = await answered(writer, flowthrough, call(password), params);
    const wrongPassword = await answered(writer, flowthrough, call('not the password'), params);
    await writer.flush();

    expect(disabled.status).toBe(403);
    expect(await storedRow(disabled.trackingId)).toMatchObject({
      partnerId,
      credential: template.provisioningId,
      templateId: template.id,
      errorCode: 'flowthrough_disabled',
      route: `/api/provisioning/${template.provisioningId}`,
    });
    // An unproven credential is nobody's: the row names no partner or template.
    expect(wrongPassword.status).toBe(401);
    expect(await storedRow(wrongPassword.trackingId)).toMatchObject({
      partnerId: null,
      templateId: null,
      credential: null,
      errorCode: 'unauthorized',
    });
  });

  it('writes full batches at once and the rest on the timer, one statement per batch', async () => {
    const driver = countingDriver(database.sql);
    const writer = new RequestLogWriter(driver, { batchSize: 500, flushEveryMs: 50 }).start();
    const marker = `/api/batch-${uniqueSuffix()}`;

    for (let index = 0; index < 1_200; index += 1) writer.record(sampleRow({ route: marker }));
    // The first full batch went out as soon as it was full, without waiting for the timer.
    expect(driver.statements).toBe(1);

    await expect
      .poll(async () => {
        const [row] = await database.sql.query<{ count: number }>(
          'SELECT count(*)::int AS count FROM request_log WHERE route = $1',
          [marker],
        );
        return row!.count;
      })
      .toBe(1_200);
    await writer.stop();

    expect(driver.statements).toBe(3);
    expect(writer.written).toBe(1_200);
  });

  it('leaves rows that arrive during a write to the next tick instead of writing them at once', async () => {
    const driver = countingDriver(database.sql);
    const writer = new RequestLogWriter(driver, { batchSize: 100, flushEveryMs: 60_000 });
    const marker = `/api/during-${uniqueSuffix()}`;

    for (let index = 0; index < 10; index += 1) writer.record(sampleRow({ route: marker }));
    const writing = writer.flush();
    for (let index = 0; index < 5; index += 1) writer.record(sampleRow({ route: marker }));
    await writing;

    expect(driver.statements).toBe(1);
    expect(writer.written).toBe(10);
    expect(writer.pending).toBe(5);

    await writer.stop();
    expect(driver.statements).toBe(2);
    expect(writer.written).toBe(15);
  });

  it('keeps rows while the database is down, drops the oldest beyond its bound, then catches up', async () => {
    const driver = countingDriver(database.sql);
    const writer = new RequestLogWriter(driver, { batchSize: 5, maxBuffered: 20 });
    const rows = Array.from({ length: 30 }, (_, index) =>
      sampleRow({ route: `/api/outage/${index}` }),
    );

    driver.down = true;
    for (const row of rows) writer.record(row);
    await writer.flush();

    expect(writer.pending).toBe(20);
    expect(writer.dropped).toBe(10);

    driver.down = false;
    await writer.flush();

    expect(writer.pending).toBe(0);
    const stored = await database.sql.query<{ route: string }>(
      `SELECT route FROM request_log WHERE route LIKE '/api/outage/%' ORDER BY id`,
    );
    expect(stored.map((row) => row.route)).toEqual(rows.slice(10).map((row) => row.route));
  });

  it('drops only the rows the database refuses and writes the rest of their batch', async () => {
    const writer = new RequestLogWriter(database.sql, { batchSize: 10 });
    const rows = Array.from({ length: 5 }, (_, index) =>
      sampleRow({
        route: `/api/refused/${index}`,
        // No such partner: the foreign key refuses this one row.
        partnerId: index === 2 ? '00000000-0000-4000-8000-00000000dead' : partnerId,
      }),
    );

    for (const row of rows) writer.record(row);
    await writer.flush();

    expect(writer.pending).toBe(0);
    expect(writer.dropped).toBe(1);
    const stored = await database.sql.query<{ route: string }>(
      `SELECT route FROM request_log WHERE route LIKE '/api/refused/%' ORDER BY id`,
    );
    expect(stored.map((row) => row.route)).toEqual([
      '/api/refused/0',
      '/api/refused/1',
      '/api/refused/3',
      '/api/refused/4',
    ]);
  });

  it('clips values longer than their columns and ignores ids that are not UUIDs', async () => {
    const writer = new RequestLogWriter(database.sql);
    const row = sampleRow({
      route: `/api/${'x'.repeat(400)}`,
      credential: 'c'.repeat(200),
      partnerId: 'not-a-uuid',
      durationMs: 3.6,
    });

    writer.record(row);
    await writer.flush();

    const stored = await storedRow(row.trackingId);
    expect(stored?.route).toHaveLength(300);
    expect(stored?.credential).toHaveLength(120);
    expect(stored).toMatchObject({ partnerId: null, durationMs: 4 });
  });

  it('leaves static files and icons out', () => {
    expect(isRecordedRoute('/_next/static/chunks/app.js')).toBe(false);
    expect(isRecordedRoute('/favicon.ico')).toBe(false);
    expect(isRecordedRoute('/icon.svg')).toBe(false);
    expect(isRecordedRoute('/api/customers')).toBe(true);
    expect(isRecordedRoute('/support/lookup')).toBe(true);
  });

  it('purges rows older than the retention in batches, queueing a follow-up when capped', async () => {
    const restore = setEnv({ REQUEST_LOG_RETENTION_DAYS: '7' });
    try {
      await database.sql.query('DELETE FROM request_log');
      const writer = new RequestLogWriter(database.sql);
      const now = Date.now();
      for (let index = 0; index < 25; index += 1) {
        writer.record(sampleRow({ route: '/old', createdAt: new Date(now - 8 * dayMs - index) }));
      }
      for (let index = 0; index < 3; index += 1) {
        writer.record(sampleRow({ route: '/recent', createdAt: new Date(now - 6 * dayMs) }));
      }
      await writer.flush();

      const capped = await prisma.$transaction((tx) =>
        purgeRequestLogBefore(tx, new Date(now - 7 * dayMs), { batchRows: 4, maxBatches: 2 }),
      );
      expect(capped).toEqual({ deleted: 8, more: true });

      await enqueueJob(prisma, { kind: purgeRequestLogJobKind, payload: {} });
      const ran = await drainJobs({
        prisma,
        handlers: {
          [purgeRequestLogJobKind]: purgeRequestLogHandler({ batchRows: 4, maxBatches: 2 }),
        },
      });

      // 17 old rows at 8 a run: three runs, the last queued by the one before it.
      expect(ran).toBe(3);
      const left = await database.sql.query<{ route: string }>('SELECT route FROM request_log');
      expect(left.map((row) => row.route)).toEqual(['/recent', '/recent', '/recent']);
    } finally {
      restore();
    }
  });

  it('measures the cost of recording 10 000 requests', async () => {
    const writer = new RequestLogWriter(database.sql);
    const rows = Array.from({ length: 10_000 }, () =>
      sampleRow({ partnerId, userId: admin.user.id }),
    );

    const started = performance.now();
    for (const row of rows) writer.record(row);
    const recordMs = performance.now() - started;
    await writer.stop();
    const totalMs = performance.now() - started;

    expect(writer.written).toBe(10_000);
    console.info(
      `request log: record() of 10 000 rows ${recordMs.toFixed(1)} ms, ` +
        `written in ${totalMs.toFixed(0)} ms (${(totalMs / 20).toFixed(1)} ms per 500-row INSERT)`,
    );
  });
});
