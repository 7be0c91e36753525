import { X509Certificate } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as bundleRoute from '@/app/api/certificates/ca-bundle/route';
import * as caRoute from '@/app/api/certificates/identities/[id]/ca/route';
import * as retireRoute from '@/app/api/certificates/identities/[id]/retire/route';
import * as identitiesRoute from '@/app/api/certificates/identities/route';
import * as clusterRecheckRoute from '@/app/api/certificates/xsp/[clusterId]/recheck/route';
import * as recheckRoute from '@/app/api/certificates/xsp/recheck/route';
import * as xspRoute from '@/app/api/certificates/xsp/route';
import type { PrismaClient } from '@/lib/generated/prisma/client';

import {
  apiRequest,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { seedPartner, uniqueSuffix } from '../support/seed';

interface IdentityItem {
  id: string;
  role: 'current' | 'previous';
  caExpiresAt: string;
  clientExpiresAt: string;
}

const pemCertificates = (pem: string) =>
  pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

describe('certificate routes', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreSecrets: () => void;
  let adminA: SignedIn;
  let readerA: SignedIn;
  let adminB: SignedIn;
  let partnerA: string;
  let clusterOfA: string;

  beforeAll(async () => {
    restoreSecrets = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerA = (await seedPartner(prisma)).id;
    adminA = await signInAs(prisma, { partnerId: partnerA });
    readerA = await signInAs(prisma, { partnerId: partnerA, role: 'read_only' });
    adminB = await signInAs(prisma, { partnerId: (await seedPartner(prisma)).id });
    clusterOfA = (
      await prisma.cluster.create({
        data: {
          partnerId: partnerA,
          name: `Cluster ${uniqueSuffix()}`,
          release: 'R25',
          // Loopback is refused outside tests, and this file does not allow it.
          xsiActionsUrl: 'https://127.0.0.1:9/xsi-actions',
          xsiEventsUrl: 'https://127.0.0.1:9/xsi-events',
          authServiceUrl: 'https://127.0.0.1:9/authservice',
        },
      })
    ).id;
  });
  afterAll(async () => {
    await database?.close();
    restoreSecrets?.();
  });

  const get = (path: string, cookie?: string) => apiRequest(path, { cookie });
  const post = (path: string, cookie?: string) => apiRequest(path, { method: 'POST', cookie });

  async function identities(cookie: string): Promise<IdentityItem[]> {
    const answer = await readAnswer<{ items: IdentityItem[] }>(
      await identitiesRoute.GET(get('/api/certificates/identities', cookie), routeContext({})),
    );
    expect(answer.status).toBe(200);
    return answer.body.items;
  }

  it('shows a read-only user the chain, created on first need, without any key', async () => {
    const answer = await readAnswer<{ items: IdentityItem[] }>(
      await identitiesRoute.GET(
        get('/api/certificates/identities', readerA.cookie),
        routeContext({}),
      ),
    );

    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(1);
    expect(answer.body.items[0]).toMatchObject({ role: 'current' });
    expect(answer.text).not.toMatch(/PRIVATE KEY|Sealed|v1:/);
    const row = await prisma.clientIdentity.findFirstOrThrow({ where: { partnerId: partnerA } });
    expect(answer.text).not.toContain(row.caPrivateKeySealed);
    expect(answer.text).not.toContain(row.clientPrivateKeySealed);
  });

  it('downloads the CA chain as a PEM certificate, and no key with it', async () => {
    const [current] = await identities(adminA.cookie);

    const response = await caRoute.GET(
      get(`/api/certificates/identities/${current!.id}/ca`, readerA.cookie),
      routeContext({ id: current!.id }),
    );
    const pem = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/x-pem-file');
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename=".+\.pem"$/);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(pem).not.toContain('PRIVATE KEY');
    const [certificate] = pemCertificates(pem);
    expect(new X509Certificate(certificate!).ca).toBe(true);
    expect(new Date(new X509Certificate(certificate!).validTo).toISOString()).toBe(
      current!.caExpiresAt,
    );
  });

  it('lets only a full admin renew and retire, with both chains offered in between', async () => {
    const renewAsReader = await readAnswer(
      await identitiesRoute.POST(
        post('/api/certificates/identities', readerA.cookie),
        routeContext({}),
      ),
    );
    expect(renewAsReader.status).toBe(403);

    const renewed = await readAnswer<{ items: IdentityItem[] }>(
      await identitiesRoute.POST(
        post('/api/certificates/identities', adminA.cookie),
        routeContext({}),
      ),
    );
    expect(renewed.status).toBe(201);
    expect(renewed.body.items.map((item) => item.role)).toEqual(['current', 'previous']);
    const previous = renewed.body.items[1]!;

    const bundle = await bundleRoute.GET(
      get('/api/certificates/ca-bundle', readerA.cookie),
      routeContext({}),
    );
    expect(pemCertificates(await bundle.text())).toHaveLength(2);

    const retireAsReader = await retireRoute.POST(
      post(`/api/certificates/identities/${previous.id}/retire`, readerA.cookie),
      routeContext({ id: previous.id }),
    );
    expect(retireAsReader.status).toBe(403);
    const retired = await readAnswer<{ items: IdentityItem[] }>(
      await retireRoute.POST(
        post(`/api/certificates/identities/${previous.id}/retire`, adminA.cookie),
        routeContext({ id: previous.id }),
      ),
    );
    expect(retired.status).toBe(200);
    expect(retired.body.items).toHaveLength(1);

    const entries = await prisma.auditEntry.findMany({
      where: { partnerId: partnerA, action: { startsWith: 'client_identity.' } },
    });
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      'client_identity.renewed',
      'client_identity.retired',
    ]);
    expect(entries.every((entry) => entry.trackingId !== 'none')).toBe(true);
  });

  it('keeps partner B away from partner A’s chains and clusters', async () => {
    const [chainOfA] = await identities(adminA.cookie);

    const download = await readAnswer(
      await caRoute.GET(
        get(`/api/certificates/identities/${chainOfA!.id}/ca`, adminB.cookie),
        routeContext({ id: chainOfA!.id }),
      ),
    );
    const retire = await readAnswer(
      await retireRoute.POST(
        post(`/api/certificates/identities/${chainOfA!.id}/retire`, adminB.cookie),
        routeContext({ id: chainOfA!.id }),
      ),
    );
    const recheck = await readAnswer(
      await clusterRecheckRoute.POST(
        post(`/api/certificates/xsp/${clusterOfA}/recheck`, adminB.cookie),
        routeContext({ clusterId: clusterOfA }),
      ),
    );
    const list = await readAnswer<{ clusters: unknown[] }>(
      await xspRoute.GET(get('/api/certificates/xsp', adminB.cookie), routeContext({})),
    );
    const bundleOfB = await bundleRoute.GET(
      get('/api/certificates/ca-bundle', adminB.cookie),
      routeContext({}),
    );

    expect(download.status).toBe(404);
    expect(download.error.trackingId).toBeTruthy();
    expect(retire.status).toBe(404);
    expect(recheck.status).toBe(404);
    expect(list.body.clusters).toEqual([]);
    const caOfA = (await prisma.clientIdentity.findUniqueOrThrow({ where: { id: chainOfA!.id } }))
      .caCertificatePem;
    expect(await bundleOfB.text()).not.toContain(caOfA.trim().split('\n')[1]);
    expect(
      await prisma.clientIdentity.count({ where: { id: chainOfA!.id, retiredAt: null } }),
    ).toBe(1);
    expect(await prisma.xspCertificate.count({ where: { clusterId: clusterOfA } })).toBe(0);
  });

  it('rechecks for full admins only, and records refused addresses as the reason', async () => {
    const asReader = await recheckRoute.POST(
      post('/api/certificates/xsp/recheck', readerA.cookie),
      routeContext({}),
    );
    expect(asReader.status).toBe(403);

    const answer = await readAnswer<{
      clusters: {
        clusterId: string;
        certificates: { errorReason: string; warnings: string[] }[];
      }[];
    }>(
      await clusterRecheckRoute.POST(
        post(`/api/certificates/xsp/${clusterOfA}/recheck`, adminA.cookie),
        routeContext({ clusterId: clusterOfA }),
      ),
    );

    expect(answer.status).toBe(200);
    const [cluster] = answer.body.clusters;
    expect(cluster!.certificates).toHaveLength(3);
    for (const certificate of cluster!.certificates) {
      expect(certificate.errorReason).toBe('Refused to connect: 127.0.0.1 is a loopback address.');
      expect(certificate.warnings).toEqual(['unreachable']);
    }
    const read = await readAnswer<{ clusters: unknown[] }>(
      await xspRoute.GET(get('/api/certificates/xsp', readerA.cookie), routeContext({})),
    );
    expect(read.body.clusters).toEqual(answer.body.clusters);
  });

  it('answers 401 to anonymous callers and 405 with Allow to other methods', async () => {
    const anonymous = await xspRoute.GET(get('/api/certificates/xsp'), routeContext({}));
    expect(anonymous.status).toBe(401);

    const cases: [Response, string][] = [
      [
        await xspRoute.DELETE(
          apiRequest('/api/certificates/xsp', { method: 'DELETE', cookie: adminA.cookie }),
        ),
        'GET, HEAD',
      ],
      [await recheckRoute.GET(get('/api/certificates/xsp/recheck', adminA.cookie)), 'POST'],
      [
        await identitiesRoute.PATCH(
          apiRequest('/api/certificates/identities', { method: 'PATCH', cookie: adminA.cookie }),
        ),
        'GET, POST, HEAD',
      ],
      [await bundleRoute.POST(post('/api/certificates/ca-bundle', adminA.cookie)), 'GET, HEAD'],
    ];
    for (const [response, allow] of cases) {
      expect(response.status).toBe(405);
      expect(response.headers.get('Allow')).toBe(allow);
    }
  });

  it('refuses a renewal from another origin', async () => {
    const response = await identitiesRoute.POST(
      apiRequest('/api/certificates/identities', {
        method: 'POST',
        cookie: adminA.cookie,
        headers: { origin: 'https://evil.example' },
      }),
      routeContext({}),
    );

    expect(response.status).toBe(403);
  });
});
