import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CurrentUser } from '@/lib/auth/current-user';
import { inspectServerCertificate } from '@/lib/certificates/inspect';
import { certificateWarnings } from '@/lib/certificates/warnings';
import { recheckXspCertificates } from '@/lib/certificates/xsp-inventory';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { jobHandlers, periodicJobs } from '@/lib/jobs/registry';
import { enqueueDuePeriodicJobs } from '@/lib/jobs/schedule';
import { drainJobs } from '@/lib/jobs/worker';
import type { OutboundOptions } from '@/lib/net/outbound';
import { partnerDb } from '@/lib/tenancy/partner-db';

import { useTestSecrets } from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { seedPartner, seedUser, uniqueSuffix } from '../support/seed';
import {
  createTestAuthority,
  issueTestCertificate,
  startHttpsServer,
  startTlsServer,
  type TestAuthority,
  type TestServer,
} from '../support/tls-servers';

describe('XSP server certificates', () => {
  let authority: TestAuthority;
  let valid: TestServer;
  let soon: TestServer;
  let expired: TestServer;
  let selfSigned: TestServer;
  let wrongHost: TestServer;
  let closedPort: number;

  beforeAll(async () => {
    authority = await createTestAuthority('xsp-test-ca');
    valid = await startHttpsServer(
      await issueTestCertificate({ issuer: authority }),
      (_request, response) => response.end('ok'),
    );
    soon = await startTlsServer(
      await issueTestCertificate({ issuer: authority, notAfterDays: 10 }),
    );
    expired = await startTlsServer(
      await issueTestCertificate({ issuer: authority, notBeforeDays: -60, notAfterDays: -2 }),
    );
    selfSigned = await startTlsServer(await issueTestCertificate());
    wrongHost = await startTlsServer(
      await issueTestCertificate({ issuer: authority, names: ['xsp.elsewhere.example'] }),
    );
    const closed = await startTlsServer(await issueTestCertificate());
    closedPort = closed.port;
    await closed.close();
  });
  afterAll(async () => {
    await Promise.all([valid, soon, expired, selfSigned, wrongHost].map((s) => s?.close()));
  });

  const outbound = (overrides: Partial<OutboundOptions> = {}): OutboundOptions => ({
    allowLoopback: true,
    ca: authority.cert,
    timeoutMs: 2000,
    maxBytes: 65536,
    ...overrides,
  });
  const at = (server: TestServer) => ({ host: '127.0.0.1', port: server.port });

  describe('inspectServerCertificate', () => {
    it('describes a certificate from a trusted CA with a handshake only, no HTTP request', async () => {
      const facts = await inspectServerCertificate(at(valid), outbound());

      expect(facts).toMatchObject({
        subject: 'CN=localhost',
        issuer: 'CN=xsp-test-ca',
        subjectAltNames: ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1'],
        selfSigned: false,
        chainTrusted: true,
        hostnameMatches: true,
        errorReason: null,
      });
      expect(facts.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(facts.serialNumber).toMatch(/^[0-9A-F]+$/);
      expect(facts.validTo!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      expect(certificateWarnings(facts)).toEqual([]);
      expect(valid.requests).toHaveLength(0);
    });

    it('finds the same certificate untrusted without the extra CA', async () => {
      const facts = await inspectServerCertificate(at(valid), outbound({ ca: undefined }));

      expect(facts.chainTrusted).toBe(false);
      expect(certificateWarnings(facts)).toEqual(['untrusted']);
    });

    it('warns about a self-signed, an expiring, an expired and a misnamed certificate', async () => {
      const warningsOf = async (server: TestServer) =>
        certificateWarnings(await inspectServerCertificate(at(server), outbound()));

      expect(await warningsOf(selfSigned)).toEqual(['selfSigned']);
      expect(await warningsOf(soon)).toEqual(['expiresSoon']);
      expect(await warningsOf(expired)).toEqual(['expired', 'untrusted']);
      expect(await warningsOf(wrongHost)).toEqual(['wrongHost']);
    });

    it('records why a handshake failed', async () => {
      const facts = await inspectServerCertificate(
        { host: '127.0.0.1', port: closedPort },
        outbound(),
      );

      expect(facts.errorReason).toBe('The connection was refused.');
      expect(certificateWarnings(facts)).toEqual(['unreachable']);
    });

    it('refuses loopback addresses outside tests without connecting', async () => {
      const before = valid.connections;

      const facts = await inspectServerCertificate(at(valid), outbound({ allowLoopback: false }));

      expect(facts.errorReason).toBe('Refused to connect: 127.0.0.1 is a loopback address.');
      expect(valid.connections).toBe(before);
    });

    it('refuses link-local and metadata addresses', async () => {
      const facts = await inspectServerCertificate(
        { host: '169.254.169.254', port: 443 },
        outbound(),
      );

      expect(facts.errorReason).toMatch(/link-local, metadata or reserved/);
    });
  });

  describe('rechecking clusters', () => {
    let database: TestDatabase;
    let prisma: PrismaClient;
    let restoreEnv: (() => void)[];
    let caDir: string;

    beforeAll(async () => {
      restoreEnv = [useTestSecrets()];
      database = await installTestDatabase();
      prisma = database.prisma;
      caDir = mkdtempSync(path.join(tmpdir(), 'hub-xsp-ca-'));
      writeFileSync(path.join(caDir, 'ca.pem'), authority.cert);
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

    async function newPartner() {
      const partner = await seedPartner(prisma);
      const user = await seedUser(prisma, { partnerId: partner.id });
      const actor: CurrentUser = { ...user, partnerName: partner.name };
      return { partner, actor, db: partnerDb(partner.id, prisma) };
    }

    function seedCluster(partnerId: string, extra: { dasUrl?: string; ctiPort?: number } = {}) {
      return prisma.cluster.create({
        data: {
          partnerId,
          name: `Cluster ${uniqueSuffix()}`,
          release: 'R25',
          xsiActionsUrl: `${valid.origin}/com.broadsoft.xsi-actions`,
          xsiEventsUrl: `${selfSigned.origin}/com.broadsoft.xsi-events`,
          authServiceUrl: `${expired.origin}/authservice`,
          ctiUrl: extra.ctiPort ? 'https://127.0.0.1' : null,
          ctiPort: extra.ctiPort ?? null,
          dasUrl: extra.dasUrl ?? null,
        },
      });
    }

    it('stores one row per configured interface and one audit entry', async () => {
      const { partner, actor, db } = await newPartner();
      const cluster = await seedCluster(partner.id, {
        ctiPort: wrongHost.port,
        dasUrl: `https://127.0.0.1:${closedPort}/das`,
      });

      const list = await recheckXspCertificates(db, { actor, clusterId: cluster.id });

      const [entry] = list.clusters;
      expect(entry!.clusterId).toBe(cluster.id);
      const byInterface = Object.fromEntries(
        entry!.certificates.map((row) => [row.interfaceName, row]),
      );
      expect(Object.keys(byInterface)).toEqual([
        'xsiActions',
        'xsiEvents',
        'authService',
        'cti',
        'das',
      ]);
      expect(byInterface.xsiActions!.warnings).toEqual([]);
      expect(byInterface.xsiEvents!.warnings).toEqual(['selfSigned']);
      expect(byInterface.authService!.warnings).toEqual(['expired', 'untrusted']);
      expect(byInterface.authService!.daysToExpiry).toBeLessThan(0);
      expect(byInterface.cti!.warnings).toEqual(['wrongHost']);
      expect(byInterface.cti!.url).toBe(`https://127.0.0.1:${wrongHost.port}`);
      expect(byInterface.das!.errorReason).toBe('The connection was refused.');
      expect(await prisma.xspCertificate.count({ where: { clusterId: cluster.id } })).toBe(5);
      const audit = await prisma.auditEntry.findMany({
        where: { partnerId: partner.id, action: 'xsp_certificates.rechecked' },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ targetType: 'cluster', targetId: cluster.id });
    });

    it('replaces the rows on a recheck and drops interfaces no longer configured', async () => {
      const { partner, actor, db } = await newPartner();
      const cluster = await seedCluster(partner.id, { dasUrl: `${valid.origin}/das` });
      await recheckXspCertificates(db, { actor, clusterId: cluster.id });
      const first = await prisma.xspCertificate.findFirstOrThrow({
        where: { clusterId: cluster.id, interfaceName: 'xsiActions' },
      });

      await prisma.cluster.update({
        where: { id: cluster.id },
        data: { dasUrl: null, version: { increment: 1 } },
      });
      await recheckXspCertificates(db, { actor });

      const rows = await prisma.xspCertificate.findMany({ where: { clusterId: cluster.id } });
      expect(rows.map((row) => row.interfaceName).sort()).toEqual([
        'authService',
        'xsiActions',
        'xsiEvents',
      ]);
      const again = rows.find((row) => row.interfaceName === 'xsiActions')!;
      expect(again.id).toBe(first.id);
      expect(again.checkedAt.getTime()).toBeGreaterThan(first.checkedAt.getTime());
    });

    it('answers not found for another partner’s cluster and leaves it alone', async () => {
      const a = await newPartner();
      const b = await newPartner();
      const clusterOfA = await seedCluster(a.partner.id);
      const before = valid.connections;

      await expect(
        recheckXspCertificates(b.db, { actor: b.actor, clusterId: clusterOfA.id }),
      ).rejects.toMatchObject({ status: 404 });
      const listOfB = await recheckXspCertificates(b.db, { actor: b.actor });

      expect(listOfB.clusters).toEqual([]);
      expect(valid.connections).toBe(before);
      expect(await prisma.xspCertificate.count({ where: { clusterId: clusterOfA.id } })).toBe(0);
    });

    it('is rechecked for every partner by the daily background job', async () => {
      const a = await newPartner();
      const b = await newPartner();
      const clusters = [await seedCluster(a.partner.id), await seedCluster(b.partner.id)];

      expect(periodicJobs.map((job) => job.kind)).toContain('certificates.recheck_all');
      await enqueueDuePeriodicJobs(prisma, periodicJobs);
      // Another worker in the same period queues nothing more.
      await enqueueDuePeriodicJobs(prisma, periodicJobs);
      await drainJobs({ prisma, handlers: jobHandlers });

      for (const cluster of clusters) {
        const rows = await prisma.xspCertificate.findMany({ where: { clusterId: cluster.id } });
        expect(rows).toHaveLength(3);
        expect(rows.every((row) => row.partnerId === cluster.partnerId)).toBe(true);
      }
      const jobs = await prisma.job.findMany({ where: { kind: { startsWith: 'certificates.' } } });
      expect(jobs.filter((job) => job.kind === 'certificates.recheck_all')).toHaveLength(1);
      expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);
    });
  });
});
