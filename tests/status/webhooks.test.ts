import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import * as resolveRoute from '@/app/api/incidents/[id]/resolve/route';
import * as incidentsRoute from '@/app/api/incidents/route';
import * as webhookRoute from '@/app/api/status/webhooks/[id]/route';
import * as webhooksRoute from '@/app/api/status/webhooks/route';
import { open } from '@/lib/crypto/secret-box';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { jobHandlers, periodicJobs } from '@/lib/jobs/registry';
import { enqueueDuePeriodicJobs } from '@/lib/jobs/schedule';
import { drainJobs } from '@/lib/jobs/worker';
import { refreshStatus, refreshStatusJobKind } from '@/lib/status/jobs';
import { deliverStatusWebhookJobKind } from '@/lib/status/webhook-delivery';

import {
  apiRequest,
  namesField,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type ApiAnswer,
  type ApiError,
  type ApiRequestOptions,
  type RouteHandler,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { seedPartner, seedPartnerData } from '../support/seed';
import { createTestCertificates, startHttpsServer, type TestServer } from '../support/tls-servers';

interface WebhookJson {
  id: string;
  url: string;
  enabled: boolean;
  createdAt: string;
  lastDelivery: { at: string; outcome: string; result: string } | null;
}

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

const day = 86_400_000;

/** How a receiver checks a delivery, written from the documented scheme alone. */
function signatureIsValid(secret: string, received: Received): boolean {
  const timestamp = received.headers['webhook-timestamp'] as string;
  const header = received.headers['webhook-signature'] as string;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${received.body}`).digest();
  const given = Buffer.from(header.replace(/^v1=/, ''), 'hex');

  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('status webhooks', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreSecrets: () => void;
  let restoreOutbound: () => void;
  let caDir: string;
  let server: TestServer;
  let partnerId: string;
  let admin: SignedIn;
  let reader: SignedIn;
  let other: Awaited<ReturnType<typeof seedPartnerData>>;
  const received: Received[] = [];
  // What the receiver answers next; it answers 200 once the list is empty.
  const answers: number[] = [];

  beforeAll(async () => {
    restoreSecrets = useTestSecrets();
    const certificates = createTestCertificates();
    caDir = mkdtempSync(path.join(tmpdir(), 'hub-webhook-ca-'));
    writeFileSync(path.join(caDir, 'ca.pem'), certificates.caPem);
    restoreOutbound = setEnv({
      OUTBOUND_ALLOW_LOOPBACK: 'true',
      OUTBOUND_EXTRA_CA_FILE: path.join(caDir, 'ca.pem'),
    });
    server = await startHttpsServer(certificates.server, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.statusCode = answers.shift() ?? 200;
        response.end();
      });
    });

    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    other = await seedPartnerData(prisma);
    // The seeded webhook of the other partner points nowhere; it must not disturb these tests.
    await prisma.statusWebhook.update({
      where: { id: other.statusWebhook.id },
      data: { enabled: false },
    });
  });
  afterAll(async () => {
    restoreSecrets?.();
    restoreOutbound?.();
    await server?.close();
    await database?.close();
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    received.length = 0;
    answers.length = 0;
    await prisma.statusWebhook.deleteMany({ where: { partnerId } });
    await prisma.job.deleteMany();
  });

  async function call<Body = ApiError>(
    handler: RouteHandler,
    urlPath: string,
    options: ApiRequestOptions & { id?: string } = {},
  ): Promise<ApiAnswer<Body>> {
    const { id, ...request } = options;
    return readAnswer<Body>(
      await handler(apiRequest(urlPath, request), routeContext({ id: id ?? '' })),
    );
  }

  const subscribe = (url: string, who: SignedIn = admin) =>
    call<WebhookJson & { secret: string }>(webhooksRoute.POST, '/api/status/webhooks', {
      method: 'POST',
      cookie: who.cookie,
      body: { url },
    });

  const list = async (who: SignedIn = admin) =>
    await call<{ items: WebhookJson[] }>(webhooksRoute.GET, '/api/status/webhooks', {
      cookie: who.cookie,
    });

  const postIncident = (title = 'Calls drop') =>
    call<{ id: string }>(incidentsRoute.POST, '/api/incidents', {
      method: 'POST',
      cookie: admin.cookie,
      body: { title, message: 'We are looking into it.', impact: 'outage' },
    });

  const work = () => drainJobs({ prisma, handlers: jobHandlers, pollMs: 10 });

  const runRefresh = () =>
    prisma.$transaction((tx) =>
      refreshStatus(
        {
          id: 0n,
          partnerId: null,
          kind: refreshStatusJobKind,
          payload: {},
          attempts: 1,
          maxAttempts: 3,
        },
        tx,
      ),
    );

  describe('subscribing', () => {
    it('shows the signing secret once and stores it sealed', async () => {
      const answer = await subscribe(`${server.origin}/hooks/status`);

      expect(answer.status).toBe(201);
      expect(answer.body.secret).toMatch(/^whsec_[\w-]{43}$/);
      const stored = await prisma.statusWebhook.findUniqueOrThrow({
        where: { id: answer.body.id },
      });
      expect(stored.secretSealed).not.toContain(answer.body.secret);
      expect(open(stored.secretSealed)).toBe(answer.body.secret);

      const listed = await list(reader);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        {
          id: answer.body.id,
          url: `${server.origin}/hooks/status`,
          enabled: true,
          createdAt: expect.any(String),
          lastDelivery: null,
        },
      ]);
      expect(listed.text).not.toContain(answer.body.secret);
      expect(listed.text).not.toContain(stored.secretSealed);

      const audit = await prisma.auditEntry.findMany({ where: { targetId: answer.body.id } });
      expect(audit.map((entry) => entry.action)).toEqual(['status_webhook.created']);
    });

    it.each([
      ['http://127.0.0.1/hook', 'http'],
      ['ftp://hooks.partner.example/x', 'another scheme'],
      ['https://user:pw@127.0.0.1/hook', 'credentials in the URL'],
      ['https://169.254.169.254/latest', 'the metadata address'],
      ['https://[fe80::1]/hook', 'a link-local address'],
      ['', 'nothing'],
    ])('refuses %s (%s), naming the url field', async (url) => {
      const answer = await subscribe(url);

      expect(answer.status).toBe(400);
      expect(namesField(answer.error, 'url')).toBe(true);
      expect(await prisma.statusWebhook.count({ where: { partnerId } })).toBe(0);
    });

    it('refuses loopback addresses outside tests', async () => {
      const restore = setEnv({ OUTBOUND_ALLOW_LOOPBACK: undefined });
      try {
        const answer = await subscribe('https://127.0.0.1/hook');
        expect(answer.status).toBe(400);
        expect(answer.error.errors[0]!.description).toContain('loopback');
      } finally {
        restore();
      }
    });

    it('lets only full admins subscribe and delete', async () => {
      expect((await subscribe(`${server.origin}/x`, reader)).status).toBe(403);
      const created = await subscribe(`${server.origin}/x`);

      const refused = await call(webhookRoute.DELETE, `/api/status/webhooks/${created.body.id}`, {
        method: 'DELETE',
        cookie: reader.cookie,
        id: created.body.id,
      });
      expect(refused.status).toBe(403);
      expect(await prisma.statusWebhook.count({ where: { partnerId } })).toBe(1);
    });

    it('deletes a webhook once, and never another partner’s', async () => {
      const created = await subscribe(`${server.origin}/x`);
      const remove = (id: string) =>
        call(webhookRoute.DELETE, `/api/status/webhooks/${id}`, {
          method: 'DELETE',
          cookie: admin.cookie,
          id,
        });

      expect((await remove(other.statusWebhook.id)).status).toBe(404);
      expect(await prisma.statusWebhook.count({ where: { id: other.statusWebhook.id } })).toBe(1);

      expect((await remove(created.body.id)).status).toBe(204);
      expect((await remove(created.body.id)).status).toBe(404);
      expect((await remove(randomUUID())).status).toBe(404);
      const audit = await prisma.auditEntry.findMany({ where: { targetId: created.body.id } });
      expect(audit.map((entry) => entry.action)).toEqual([
        'status_webhook.created',
        'status_webhook.deleted',
      ]);
      expect((await list()).body.items).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('posts a signed event for a new incident that a receiver can verify', async () => {
      const { secret } = (await subscribe(`${server.origin}/hooks/status`)).body;
      const incident = (await postIncident()).body;

      const queued = await prisma.job.findMany({ where: { kind: deliverStatusWebhookJobKind } });
      expect(queued).toHaveLength(1);
      await work();

      expect(received).toHaveLength(1);
      const [delivery] = received;
      expect(delivery!.headers['content-type']).toBe('application/json');
      expect(signatureIsValid(secret, delivery!)).toBe(true);
      expect(signatureIsValid(`${secret}x`, delivery!)).toBe(false);
      expect(signatureIsValid(secret, { ...delivery!, body: `${delivery!.body} ` })).toBe(false);
      const timestamp = Number(delivery!.headers['webhook-timestamp']);
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(30);

      const event = JSON.parse(delivery!.body);
      expect(event).toMatchObject({
        type: 'incident.opened',
        incident: { id: incident.id, title: 'Calls drop', impact: 'outage', status: 'open' },
      });
      expect(delivery!.headers['webhook-id']).toBe(event.id);

      const [listed] = (await list()).body.items;
      expect(listed!.lastDelivery).toMatchObject({ outcome: 'delivered', result: 'HTTP 200' });
    });

    it('retries after a 500 with the queue’s backoff, then delivers', async () => {
      const { secret } = (await subscribe(`${server.origin}/hooks/status`)).body;
      answers.push(500);
      await postIncident();

      await work();
      expect(received).toHaveLength(1);
      const retrying = await prisma.job.findFirstOrThrow({ where: { status: 'queued' } });
      expect(retrying).toMatchObject({ attempts: 1, lastError: 'The receiver answered HTTP 500.' });
      expect(retrying.runAt.getTime()).toBeGreaterThan(Date.now());
      const [afterFailure] = (await list()).body.items;
      expect(afterFailure!.lastDelivery).toMatchObject({
        outcome: 'retrying',
        result: 'The receiver answered HTTP 500.',
      });

      // The backoff has passed.
      await prisma.job.update({ where: { id: retrying.id }, data: { runAt: new Date() } });
      await work();

      expect(received).toHaveLength(2);
      expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
      expect(received[1]!.body).toBe(received[0]!.body);
      expect(received.every((delivery) => signatureIsValid(secret, delivery))).toBe(true);
      expect(await prisma.job.count({ where: { status: { not: 'succeeded' } } })).toBe(0);
      const [afterRetry] = (await list()).body.items;
      expect(afterRetry!.lastDelivery).toMatchObject({ outcome: 'delivered', result: 'HTTP 200' });
    });

    it('queues one delivery per webhook for opening and one for resolving', async () => {
      await subscribe(`${server.origin}/one`);
      await subscribe(`${server.origin}/two`);
      const incident = (await postIncident()).body;
      const resolve = () =>
        call(resolveRoute.POST, `/api/incidents/${incident.id}/resolve`, {
          method: 'POST',
          cookie: admin.cookie,
          id: incident.id,
        });
      await resolve();
      await resolve();

      await work();
      const deliveries = received.map((delivery) => {
        const event = JSON.parse(delivery.body) as { type: string };
        return `${event.type} ${delivery.headers['webhook-id'] ? 'signed' : ''}`;
      });
      expect(deliveries.sort()).toEqual([
        'incident.opened signed',
        'incident.opened signed',
        'incident.resolved signed',
        'incident.resolved signed',
      ]);
    });

    it('drops deliveries of a webhook deleted meanwhile', async () => {
      const created = (await subscribe(`${server.origin}/hooks/status`)).body;
      await postIncident();
      await prisma.statusWebhook.delete({ where: { id: created.id } });

      await work();
      expect(received).toHaveLength(0);
      expect(await prisma.job.count({ where: { status: 'succeeded' } })).toBe(1);
    });
  });

  describe('change detection', () => {
    it('records component status and delivers each change exactly once', async () => {
      const { secret } = (await subscribe(`${server.origin}/hooks/status`)).body;
      await runRefresh();
      await runRefresh();
      const first = await prisma.componentStatus.findMany({ where: { partnerId } });
      expect(first.map((row) => [row.component, row.status]).sort()).toEqual([
        ['certificates', 'operational'],
        ['database', 'operational'],
        ['provisioning', 'operational'],
        ['workers', 'operational'],
      ]);
      expect(await prisma.job.count()).toBe(0);

      const cluster = await prisma.cluster.create({
        data: {
          partnerId,
          name: 'Rotterdam',
          release: 'R25',
          xsiActionsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-actions',
          xsiEventsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-events',
          authServiceUrl: 'https://xsp.partner.example/authservice',
        },
      });
      await prisma.xspCertificate.create({
        data: {
          partnerId,
          clusterId: cluster.id,
          interfaceName: 'xsiActions',
          url: cluster.xsiActionsUrl,
          validTo: new Date(Date.now() - day),
          chainTrusted: true,
          hostnameMatches: true,
        },
      });

      await runRefresh();
      await runRefresh();
      await work();
      await runRefresh();
      await work();

      expect(received).toHaveLength(1);
      expect(signatureIsValid(secret, received[0]!)).toBe(true);
      expect(JSON.parse(received[0]!.body)).toMatchObject({
        type: 'component.changed',
        component: {
          name: 'certificates',
          status: 'outage',
          previousStatus: 'operational',
          detail: 'Rotterdam xsiActions: expired.',
        },
      });
      const certificates = await prisma.componentStatus.findFirstOrThrow({
        where: { partnerId, component: 'certificates' },
      });
      expect(certificates.status).toBe('outage');

      await prisma.xspCertificate.updateMany({
        where: { clusterId: cluster.id },
        data: { validTo: new Date(Date.now() + 300 * day) },
      });
      await runRefresh();
      await work();
      expect(received).toHaveLength(2);
      expect(JSON.parse(received[1]!.body).component).toMatchObject({
        name: 'certificates',
        status: 'operational',
        previousStatus: 'outage',
      });
    });

    it('runs once a minute from the registered periodic jobs', async () => {
      await prisma.componentStatus.deleteMany({ where: { partnerId } });
      // Only the status refresh: other features' periodic work would change this partner's state.
      const registered = periodicJobs.filter((job) => job.kind === refreshStatusJobKind);
      expect(registered).toHaveLength(1);
      // The start of a period, so that a second later is surely the same one.
      const period = registered[0]!.everyMs;
      const now = Math.floor(Date.now() / period) * period;
      await enqueueDuePeriodicJobs(prisma, registered, now);
      await enqueueDuePeriodicJobs(prisma, registered, now + 1000);

      expect(await prisma.job.count({ where: { kind: refreshStatusJobKind } })).toBe(1);
      await work();
      expect(await prisma.componentStatus.count({ where: { partnerId } })).toBe(4);
    });

    it('queues nothing for a partner without webhooks, and nothing of another partner', async () => {
      await subscribe(`${server.origin}/hooks/status`);
      await prisma.statusWebhook.update({
        where: { id: other.statusWebhook.id },
        data: { enabled: true },
      });
      try {
        await prisma.componentStatus.deleteMany({ where: { partnerId: other.partner.id } });
        await runRefresh();

        // The other partner's seeded certificate is degraded: its event goes to its webhook.
        const jobs = await prisma.job.findMany({ where: { kind: deliverStatusWebhookJobKind } });
        expect(jobs.length).toBeGreaterThan(0);
        expect(jobs.every((job) => job.partnerId === other.partner.id)).toBe(true);
        expect(
          jobs.every(
            (job) => (job.payload as { webhookId: string }).webhookId === other.statusWebhook.id,
          ),
        ).toBe(true);
      } finally {
        await prisma.statusWebhook.update({
          where: { id: other.statusWebhook.id },
          data: { enabled: false },
        });
      }
    });
  });
});
