import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as checkRoute from '@/app/api/clusters/[id]/check/route';
import * as clusterRoute from '@/app/api/clusters/[id]/route';
import * as clustersRoute from '@/app/api/clusters/route';
import type { CurrentUser } from '@/lib/auth/current-user';
import {
  checkClusterConnectivity,
  overallStatus,
  probeClusterInterfaces,
} from '@/lib/clusters/connectivity';
import { seal } from '@/lib/crypto/secret-box';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/http/errors';
import type { OutboundOptions } from '@/lib/net/outbound';
import { partnerDb } from '@/lib/tenancy/partner-db';

import {
  apiRequest,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { seedPartner, uniqueSuffix } from '../support/seed';
import { clusterInput } from '../support/settings-input';
import {
  createTestCertificates,
  startHttpsServer,
  startTlsServer,
  type TestCertificates,
  type TestServer,
} from '../support/tls-servers';

type ProbeTarget = Parameters<typeof probeClusterInterfaces>[0];

const userId = 'validator@xsp.partner.example';
const password = `xsi-secret-${uniqueSuffix()}`;
const profilePath = `/com.broadsoft.xsi-actions/v2.0/user/${encodeURIComponent(userId)}/profile`;
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('cluster connectivity check', () => {
  let certificates: TestCertificates;
  let xsi: TestServer;
  let healthy: TestServer;
  let failing: TestServer;
  let redirecting: TestServer;
  let redirectTarget: TestServer;
  let silent: TestServer;
  let bulky: TestServer;
  let selfSigned: TestServer;
  let cti: TestServer;
  let closedPort: number;

  beforeAll(async () => {
    certificates = createTestCertificates();
    const pair = certificates.server;
    const expected = `Basic ${Buffer.from(`${userId}:${password}`).toString('base64')}`;

    xsi = await startHttpsServer(pair, (request, response) => {
      const signedIn = request.url === profilePath && request.headers.authorization === expected;
      response.writeHead(signedIn ? 200 : 401, signedIn ? {} : { 'WWW-Authenticate': 'Basic' });
      response.end(signedIn ? '<Profile/>' : '');
    });
    healthy = await startHttpsServer(pair, (_request, response) => response.end('ok'));
    failing = await startHttpsServer(pair, (_request, response) => {
      response.writeHead(500).end('broken');
    });
    redirectTarget = await startHttpsServer(pair, (_request, response) => response.end('moved'));
    redirecting = await startHttpsServer(pair, (_request, response) => {
      response.writeHead(302, { Location: `${redirectTarget.origin}/landing` }).end();
    });
    silent = await startHttpsServer(pair, () => {});
    bulky = await startHttpsServer(pair, (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.write('x'.repeat(256 * 1024));
    });
    selfSigned = await startHttpsServer(certificates.selfSigned, (_request, response) => {
      response.end('ok');
    });
    cti = await startTlsServer(pair);

    const closed = await startTlsServer(pair);
    closedPort = closed.port;
    await closed.close();
  });
  afterAll(async () => {
    const servers = [xsi, healthy, failing, redirecting, redirectTarget, silent, bulky];
    await Promise.all([...servers, selfSigned, cti].map((server) => server?.close()));
  });

  const outbound = (overrides: Partial<OutboundOptions> = {}): OutboundOptions => ({
    allowLoopback: true,
    ca: certificates.caPem,
    timeoutMs: 1000,
    maxBytes: 65536,
    ...overrides,
  });

  function target(overrides: Partial<ProbeTarget> = {}): ProbeTarget {
    return {
      xsiActionsUrl: `${xsi.origin}/com.broadsoft.xsi-actions`,
      xsiEventsUrl: `${healthy.origin}/com.broadsoft.xsi-events`,
      authServiceUrl: `${healthy.origin}/authservice`,
      dasUrl: null,
      ctiUrl: null,
      ctiPort: null,
      validationUserId: userId,
      validationPassword: password,
      ...overrides,
    };
  }

  const totalConnections = (...servers: TestServer[]) =>
    servers.reduce((sum, server) => sum + server.connections, 0);

  describe('probeClusterInterfaces', () => {
    it('reports each configured interface that answers as reachable', async () => {
      const profileRequests = xsi.requests.length;

      const results = await probeClusterInterfaces(
        target({
          dasUrl: `${healthy.origin}/das`,
          ctiUrl: 'https://127.0.0.1',
          ctiPort: cti.port,
        }),
        outbound(),
      );

      const success = (reason: string) => ({
        status: 'success',
        reason,
        checkedAt: expect.stringMatching(isoTime),
      });
      expect(results).toEqual({
        xsiActions: success('The validation account signed in.'),
        xsiEvents: success('Answered HTTP 200.'),
        authService: success('Answered HTTP 200.'),
        das: success('Answered HTTP 200.'),
        cti: success('TLS handshake completed.'),
      });
      expect(overallStatus(results)).toBe('success');
      expect(xsi.requests.slice(profileRequests).map((request) => request.url)).toEqual([
        profilePath,
      ]);
    });

    it('checks only the interfaces that are configured', async () => {
      const results = await probeClusterInterfaces(target(), outbound());

      expect(Object.keys(results).sort()).toEqual(['authService', 'xsiActions', 'xsiEvents']);
    });

    it('reports a validation account that the XSI interface refuses', async () => {
      const results = await probeClusterInterfaces(
        target({ validationPassword: 'not the password' }),
        outbound(),
      );

      expect(results.xsiActions).toMatchObject({
        status: 'error',
        reason: 'The validation account was refused (HTTP 401).',
      });
      expect(results.xsiEvents?.status).toBe('success');
      expect(overallStatus(results)).toBe('error');
    });

    it('reports a server error with its status', async () => {
      const results = await probeClusterInterfaces(
        target({ xsiEventsUrl: `${failing.origin}/com.broadsoft.xsi-events` }),
        outbound(),
      );

      expect(results.xsiEvents).toMatchObject({
        status: 'error',
        reason: 'Answered HTTP 500, a server error.',
      });
    });

    it('reports a redirect and does not follow it', async () => {
      const results = await probeClusterInterfaces(
        target({ authServiceUrl: `${redirecting.origin}/authservice` }),
        outbound(),
      );

      expect(results.authService).toMatchObject({ status: 'error' });
      expect(results.authService?.reason).toMatch(/HTTP 302.*redirect.*not followed/);
      expect(redirecting.requests).toHaveLength(1);
      expect(redirectTarget.connections).toBe(0);
    });

    it('gives up on a server that does not answer within the timeout', async () => {
      const started = performance.now();

      const results = await probeClusterInterfaces(
        target({ xsiEventsUrl: `${silent.origin}/com.broadsoft.xsi-events` }),
        outbound({ timeoutMs: 300 }),
      );

      expect(results.xsiEvents).toMatchObject({
        status: 'error',
        reason: 'No answer within 300 ms.',
      });
      expect(silent.requests.length).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(3000);
    });

    it('stops reading an answer larger than the size cap', async () => {
      const started = performance.now();

      const results = await probeClusterInterfaces(
        target({ dasUrl: `${bulky.origin}/das` }),
        outbound({ timeoutMs: 10_000 }),
      );

      expect(results.das).toMatchObject({ status: 'success', reason: 'Answered HTTP 200.' });
      expect(performance.now() - started).toBeLessThan(5000);
    });

    it('reports a closed port', async () => {
      const results = await probeClusterInterfaces(
        target({ ctiUrl: 'https://127.0.0.1', ctiPort: closedPort }),
        outbound(),
      );

      expect(results.cti).toMatchObject({
        status: 'error',
        reason: 'The connection was refused.',
      });
    });

    it('refuses loopback addresses unless allowed, without connecting', async () => {
      const servers = [xsi, healthy, cti];
      const before = totalConnections(...servers);

      const results = await probeClusterInterfaces(
        target({
          xsiEventsUrl: `https://[::ffff:127.0.0.1]:${healthy.port}/com.broadsoft.xsi-events`,
          authServiceUrl: `https://localhost:${healthy.port}/authservice`,
          ctiUrl: 'https://127.0.0.1',
          ctiPort: cti.port,
        }),
        outbound({ allowLoopback: false }),
      );

      for (const name of ['xsiActions', 'xsiEvents', 'authService', 'cti'] as const) {
        expect(results[name]?.status).toBe('error');
        expect(results[name]?.reason).toMatch(/^Refused to connect: .* is a loopback address\.$/);
      }
      expect(totalConnections(...servers)).toBe(before);
    });

    it('refuses metadata and link-local addresses even where loopback is allowed', async () => {
      const started = performance.now();

      const results = await probeClusterInterfaces(
        {
          xsiActionsUrl: 'https://169.254.169.254/latest/meta-data',
          xsiEventsUrl: 'https://[::ffff:169.254.169.254]/latest/meta-data',
          authServiceUrl: 'https://[fe80::1]/authservice',
          dasUrl: 'https://100.100.100.200/latest/meta-data',
          ctiUrl: 'https://169.254.169.254',
          ctiPort: 8012,
          validationUserId: userId,
          validationPassword: password,
        },
        outbound({ timeoutMs: 5000 }),
      );

      for (const result of Object.values(results)) {
        expect(result.status).toBe('error');
        expect(result.reason).toMatch(/^Refused to connect: .* link-local, metadata or reserved/);
      }
      expect(Object.keys(results)).toHaveLength(5);
      expect(performance.now() - started).toBeLessThan(2000);
    });

    it('checks nothing but https', async () => {
      const before = healthy.connections;

      const results = await probeClusterInterfaces(
        target({
          xsiEventsUrl: `http://127.0.0.1:${healthy.port}/com.broadsoft.xsi-events`,
          authServiceUrl: `${xsi.origin}/authservice`,
        }),
        outbound(),
      );

      expect(results.xsiEvents).toMatchObject({
        status: 'error',
        reason: 'Only https URLs are checked.',
      });
      expect(healthy.connections).toBe(before);
    });

    it('checks interfaces given by IPv6 address', async () => {
      const [events, cti6] = [
        await startHttpsServer(certificates.server, (_request, response) => response.end(), '::1'),
        await startTlsServer(certificates.server, '::1'),
      ];

      try {
        const results = await probeClusterInterfaces(
          target({
            xsiEventsUrl: `${events.origin}/com.broadsoft.xsi-events`,
            ctiUrl: 'https://[::1]',
            ctiPort: cti6.port,
          }),
          outbound(),
        );

        expect(results.xsiEvents).toMatchObject({
          status: 'success',
          reason: 'Answered HTTP 200.',
        });
        expect(results.cti).toMatchObject({
          status: 'success',
          reason: 'TLS handshake completed.',
        });
      } finally {
        await Promise.all([events.close(), cti6.close()]);
      }
    });

    it('reports certificates that are not trusted', async () => {
      const results = await probeClusterInterfaces(
        target({
          authServiceUrl: `${selfSigned.origin}/authservice`,
          ctiUrl: 'https://127.0.0.1',
          ctiPort: cti.port,
        }),
        outbound({ ca: undefined }),
      );

      const untrusted = {
        status: 'error',
        reason: 'The server certificate is not signed by a trusted authority.',
      };
      expect(results).toMatchObject({
        xsiActions: untrusted,
        xsiEvents: untrusted,
        cti: untrusted,
        authService: {
          status: 'error',
          reason: 'The server presented a self-signed certificate.',
        },
      });
    });

    it('trusts only the extra CA it was given, not any self-signed certificate', async () => {
      const results = await probeClusterInterfaces(
        target({ authServiceUrl: `${selfSigned.origin}/authservice` }),
        outbound(),
      );

      expect(results.authService?.status).toBe('error');
      expect(results.xsiActions?.status).toBe('success');
    });
  });

  describe('with a database', () => {
    let database: TestDatabase;
    let prisma: PrismaClient;
    let restoreEnv: (() => void)[];
    let caDir: string;
    let partnerId: string;
    let admin: SignedIn;
    let actor: CurrentUser;

    beforeAll(async () => {
      restoreEnv = [useTestSecrets()];
      database = await installTestDatabase();
      prisma = database.prisma;
      const partner = await seedPartner(prisma);
      partnerId = partner.id;
      admin = await signInAs(prisma, { partnerId });
      actor = { ...admin.user, partnerName: partner.name };

      caDir = mkdtempSync(path.join(tmpdir(), 'hub-ca-'));
      writeFileSync(path.join(caDir, 'ca.pem'), certificates.caPem);
      restoreEnv.push(
        setEnv({
          OUTBOUND_ALLOW_LOOPBACK: 'true',
          OUTBOUND_EXTRA_CA_FILE: path.join(caDir, 'ca.pem'),
        }),
      );
    });
    afterAll(async () => {
      for (const restore of restoreEnv?.reverse() ?? []) restore();
      await database?.close();
      if (caDir) rmSync(caDir, { recursive: true, force: true });
    });

    function seedCluster(owner: string, overrides: Partial<ProbeTarget> = {}) {
      const { validationPassword, ...fields } = target(overrides);
      return prisma.cluster.create({
        data: {
          ...fields,
          partnerId: owner,
          name: `Cluster ${uniqueSuffix()}`,
          release: 'R25',
          validationPasswordSealed: validationPassword ? seal(validationPassword) : null,
        },
      });
    }

    it('stores the results of the partner’s cluster', async () => {
      const cluster = await seedCluster(partnerId);

      const view = await checkClusterConnectivity(partnerDb(partnerId, prisma), {
        actor,
        clusterId: cluster.id,
        outbound: outbound(),
      });

      expect(view.connectivityStatus).toBe('success');
      const row = await prisma.cluster.findUniqueOrThrow({ where: { id: cluster.id } });
      expect(row.connectivityStatus).toBe('success');
      expect(row.connectivityResults).toEqual(view.connectivityResults);
      expect(row.connectivityCheckedAt).toBeInstanceOf(Date);
    });

    it('answers not found for another partner’s cluster without contacting it', async () => {
      const cluster = await seedCluster((await seedPartner(prisma)).id);
      const before = totalConnections(xsi, healthy);

      const check = checkClusterConnectivity(partnerDb(partnerId, prisma), {
        actor,
        clusterId: cluster.id,
        outbound: outbound(),
      });

      await expect(check).rejects.toBeInstanceOf(AppError);
      await expect(check).rejects.toMatchObject({ status: 404 });
      expect(totalConnections(xsi, healthy)).toBe(before);
      const row = await prisma.cluster.findUniqueOrThrow({ where: { id: cluster.id } });
      expect(row.connectivityStatus).toBe('not_checked');
    });

    it('drops results about URLs that were edited while the check ran', async () => {
      const cluster = await seedCluster(partnerId, {
        xsiEventsUrl: `${silent.origin}/com.broadsoft.xsi-events`,
      });
      const arrived = once(silent.server, 'request');

      const check = checkClusterConnectivity(partnerDb(partnerId, prisma), {
        actor,
        clusterId: cluster.id,
        outbound: outbound({ timeoutMs: 500 }),
      });
      await arrived;
      await prisma.cluster.update({
        where: { id: cluster.id },
        data: { xsiEventsUrl: `${healthy.origin}/xsi-events`, version: { increment: 1 } },
      });
      await check;

      const row = await prisma.cluster.findUniqueOrThrow({ where: { id: cluster.id } });
      expect(row.connectivityStatus).toBe('not_checked');
      expect(row.connectivityResults).toBeNull();
      expect(
        await prisma.auditEntry.count({
          where: { action: 'cluster.connectivity_checked', targetId: cluster.id },
        }),
      ).toBe(0);
    });

    describe('POST /api/clusters/{id}/check', () => {
      const checkNow = async (id: string) =>
        readAnswer<Record<string, unknown>>(
          await checkRoute.POST(
            apiRequest(`/api/clusters/${id}/check`, { method: 'POST', cookie: admin.cookie }),
            routeContext({ id }),
          ),
        );

      const badgeOf = async (id: string) => {
        const answer = await readAnswer<{ items: { id: string; connectivityStatus: string }[] }>(
          await clustersRoute.GET(
            apiRequest('/api/clusters', { cookie: admin.cookie }),
            routeContext({}),
          ),
        );
        return answer.body.items.find((item) => item.id === id)?.connectivityStatus;
      };

      it('stores status, reasons and time, and the list shows the badge', async () => {
        const created = await readAnswer<{ id: string; version: number }>(
          await clustersRoute.POST(
            apiRequest('/api/clusters', {
              method: 'POST',
              cookie: admin.cookie,
              body: clusterInput({
                xsiActionsUrl: `${xsi.origin}/com.broadsoft.xsi-actions`,
                xsiEventsUrl: `${healthy.origin}/com.broadsoft.xsi-events`,
                authServiceUrl: `${healthy.origin}/authservice`,
                ctiUrl: 'https://127.0.0.1',
                ctiPort: cti.port,
                validationUserId: userId,
                validationPassword: password,
              }),
            }),
            routeContext({}),
          ),
        );
        expect(created.status).toBe(201);
        const clusterId = created.body.id;
        expect(await badgeOf(clusterId)).toBe('not_checked');

        const answer = await checkNow(clusterId);

        expect(answer.status).toBe(200);
        expect(answer.text).not.toContain(password);
        expect(answer.body).toMatchObject({
          connectivityStatus: 'success',
          connectivityCheckedAt: expect.stringMatching(isoTime),
          connectivityResults: {
            xsiActions: { status: 'success', reason: 'The validation account signed in.' },
            xsiEvents: { status: 'success' },
            authService: { status: 'success' },
            cti: { status: 'success', reason: 'TLS handshake completed.' },
          },
        });
        const row = await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
        expect(row).toMatchObject({ connectivityStatus: 'success' });
        expect(row.connectivityResults).toEqual(answer.body.connectivityResults);
        expect(row.connectivityCheckedAt?.toISOString()).toBe(answer.body.connectivityCheckedAt);
        expect(await badgeOf(clusterId)).toBe('success');

        const entries = await prisma.auditEntry.findMany({
          where: { trackingId: answer.trackingId! },
        });
        expect(entries).toEqual([
          expect.objectContaining({ action: 'cluster.connectivity_checked', targetId: clusterId }),
        ]);
        expect(JSON.stringify(entries[0]!.details)).not.toContain(password);
      });

      it('marks the cluster in error when one interface fails', async () => {
        const created = await readAnswer<{ id: string; version: number }>(
          await clustersRoute.POST(
            apiRequest('/api/clusters', {
              method: 'POST',
              cookie: admin.cookie,
              body: clusterInput({
                xsiActionsUrl: `${xsi.origin}/com.broadsoft.xsi-actions`,
                xsiEventsUrl: `${healthy.origin}/com.broadsoft.xsi-events`,
                authServiceUrl: `${healthy.origin}/authservice`,
                ctiUrl: '',
                ctiPort: null,
                validationUserId: userId,
                validationPassword: password,
              }),
            }),
            routeContext({}),
          ),
        );
        const clusterId = created.body.id;
        expect((await checkNow(clusterId)).body.connectivityStatus).toBe('success');

        const edit = await readAnswer<{ connectivityStatus: string }>(
          await clusterRoute.PATCH(
            apiRequest(`/api/clusters/${clusterId}`, {
              method: 'PATCH',
              cookie: admin.cookie,
              body: clusterInput({
                name: `Failing ${uniqueSuffix()}`,
                xsiActionsUrl: `${xsi.origin}/com.broadsoft.xsi-actions`,
                xsiEventsUrl: `${failing.origin}/com.broadsoft.xsi-events`,
                authServiceUrl: `${healthy.origin}/authservice`,
                ctiUrl: '',
                ctiPort: null,
                validationUserId: userId,
                version: created.body.version,
              }),
            }),
            routeContext({ id: clusterId }),
          ),
        );
        expect(edit.body.connectivityStatus).toBe('not_checked');
        const answer = await checkNow(clusterId);

        expect(answer.body).toMatchObject({
          connectivityStatus: 'error',
          connectivityResults: {
            xsiActions: { status: 'success' },
            xsiEvents: { status: 'error', reason: 'Answered HTTP 500, a server error.' },
          },
        });
        expect(await badgeOf(clusterId)).toBe('error');
      });
    });
  });
});
