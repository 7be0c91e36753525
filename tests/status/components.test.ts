import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { PrismaClient } from '@/lib/generated/prisma/client';
import { provisionJobKind } from '@/lib/provisioning/job-kinds';
import {
  readCertificates,
  readDatabase,
  readProvisioning,
  readWorkers,
  statusThresholds,
} from '@/lib/status/components';

import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedPartner, uniqueSuffix } from '../support/seed';

const minute = 60_000;
const day = 86_400_000;

describe('status components read from the database', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = database.prisma;
  });
  afterAll(async () => {
    await database?.close();
  });

  describe('database', () => {
    it('is operational when a query answers fast, with its latency in the detail', async () => {
      const reading = await readDatabase(prisma);

      expect(reading.status).toBe('operational');
      expect(reading.detail).toMatch(/^A query took \d+ ms\.$/);
    });

    it('is degraded when the query is slower than the threshold', async () => {
      const slow = {
        $queryRaw: async () => {
          await prisma.$queryRaw`SELECT 1 FROM pg_sleep(${statusThresholds.databaseLatencyDegradedMs / 1000 + 0.05})`;
          return [];
        },
      } as unknown as PrismaClient;

      expect((await readDatabase(slow)).status).toBe('degraded');
    });

    it('is not degraded by one slow answer among two', async () => {
      let calls = 0;
      const once = {
        $queryRaw: async () => {
          if (calls++ === 0) {
            await prisma.$queryRaw`SELECT 1 FROM pg_sleep(${statusThresholds.databaseLatencyDegradedMs / 1000 + 0.05})`;
          }
          return [];
        },
      } as unknown as PrismaClient;

      expect((await readDatabase(once)).status).toBe('operational');
    });

    it('is an outage when the database does not answer', async () => {
      const closed = await createTestDatabase({ migrated: false });
      await closed.close();

      const reading = await readDatabase(closed.prisma);
      expect(reading).toEqual({
        name: 'database',
        status: 'outage',
        detail: 'The database did not answer.',
        message: { key: 'databaseDown' },
      });
    });
  });

  describe('workers', () => {
    beforeEach(async () => {
      await prisma.job.deleteMany();
    });

    const queue = (count: number, runAt: Date, status: 'queued' | 'running' = 'queued') =>
      prisma.job.createMany({
        data: Array.from({ length: count }, () => ({
          kind: 'test.waiting',
          payload: {},
          status,
          runAt,
        })),
      });

    it('is operational with an empty queue and with jobs that are not yet due', async () => {
      const now = new Date();
      expect((await readWorkers(prisma, now)).detail).toBe('No background job is waiting.');

      await queue(5, new Date(now.getTime() + 10 * minute));
      await queue(3, new Date(now.getTime() - 30 * minute), 'running');
      const reading = await readWorkers(prisma, now);
      expect(reading.status).toBe('operational');
      expect(reading.detail).toBe('No background job is waiting.');
    });

    it('counts due jobs and the age of the oldest one', async () => {
      const now = new Date();
      await queue(2, new Date(now.getTime() - 30_000));
      await queue(1, new Date(now.getTime() - 45_000));

      const reading = await readWorkers(prisma, now);
      expect(reading.status).toBe('operational');
      expect(reading.detail).toBe('3 jobs due; the oldest has waited 45 s.');
    });

    it('is degraded when the oldest due job waited past the threshold', async () => {
      const now = new Date();
      await queue(1, new Date(now.getTime() - statusThresholds.oldestDueJobDegradedMs - 1000));

      expect((await readWorkers(prisma, now)).status).toBe('degraded');
    });

    it('is degraded when too many jobs are due, however young', async () => {
      const now = new Date();
      await queue(statusThresholds.dueJobsDegraded - 1, now);
      expect((await readWorkers(prisma, now)).status).toBe('operational');

      await queue(1, now);
      expect((await readWorkers(prisma, now)).status).toBe('degraded');
    });

    it('is an outage when the oldest due job waited past the outage threshold', async () => {
      const now = new Date();
      await queue(1, new Date(now.getTime() - statusThresholds.oldestDueJobOutageMs - 1000));

      const reading = await readWorkers(prisma, now);
      expect(reading.status).toBe('outage');
      expect(reading.detail).toBe('1 job due; the oldest has waited 15 min.');
    });
  });

  describe('provisioning', () => {
    async function logRequests(
      partnerId: string,
      rows: { route: string; status: number; minutesAgo?: number; count?: number }[],
    ) {
      const now = Date.now();
      await prisma.requestLog.createMany({
        data: rows.flatMap((row) =>
          Array.from({ length: row.count ?? 1 }, () => ({
            partnerId,
            trackingId: `t-${uniqueSuffix()}`,
            method: 'POST',
            route: row.route,
            status: row.status,
            durationMs: 5,
            createdAt: new Date(now - (row.minutesAgo ?? 1) * minute),
          })),
        ),
      });
    }

    async function failJobs(
      partnerId: string,
      count: number,
      options: { minutesAgo?: number; kind?: string } = {},
    ) {
      const finishedAt = new Date(Date.now() - (options.minutesAgo ?? 5) * minute);
      await prisma.job.createMany({
        data: Array.from({ length: count }, () => ({
          partnerId,
          kind: options.kind ?? provisionJobKind.subscriber,
          payload: {},
          status: 'failed' as const,
          runAt: new Date(finishedAt.getTime() - minute),
          finishedAt,
        })),
      });
    }

    const read = (partnerId: string) => readProvisioning(prisma, { partnerId, now: new Date() });

    it('counts only provisioning routes of this partner in the last hour', async () => {
      const partner = await seedPartner(prisma);
      const other = await seedPartner(prisma);
      await logRequests(partner.id, [
        { route: '/api/provisioning/prov-1', status: 202, count: 30 },
        { route: '/api/v1/broadworks/subscribers', status: 201, count: 9 },
        { route: '/api/v1/broadworks/subscribers', status: 500 },
        // Not provisioning, too old, or another partner's: not counted.
        { route: '/api/clusters', status: 500, count: 5 },
        { route: '/api/provisioning/prov-1', status: 500, minutesAgo: 61, count: 5 },
      ]);
      await logRequests(other.id, [{ route: '/api/provisioning/prov-2', status: 500, count: 5 }]);

      const reading = await read(partner.id);
      expect(reading.status).toBe('operational');
      expect(reading.detail).toBe(
        'In the last hour 1 of 40 provisioning requests failed (2.5%) and 0 jobs ended failed.',
      );
      expect((await read(other.id)).status).toBe('degraded');
    });

    it('is degraded from the error rate threshold and an outage from the outage rate', async () => {
      const degraded = await seedPartner(prisma);
      await logRequests(degraded.id, [
        { route: '/api/provisioning/p', status: 202, count: 19 },
        { route: '/api/provisioning/p', status: 502, count: 1 },
      ]);
      expect((await read(degraded.id)).status).toBe('degraded');

      const outage = await seedPartner(prisma);
      await logRequests(outage.id, [
        { route: '/api/v1/broadworks/subscribers', status: 200, count: 10 },
        { route: '/api/v1/broadworks/subscribers', status: 503, count: 10 },
      ]);
      expect((await read(outage.id)).status).toBe('outage');
    });

    it('does not call an outage on a handful of requests', async () => {
      const partner = await seedPartner(prisma);
      await logRequests(partner.id, [{ route: '/api/provisioning/p', status: 500, count: 3 }]);

      expect((await read(partner.id)).status).toBe('degraded');
    });

    it('treats client errors as answers, not as failures', async () => {
      const partner = await seedPartner(prisma);
      await logRequests(partner.id, [{ route: '/api/provisioning/p', status: 409, count: 30 }]);

      expect((await read(partner.id)).status).toBe('operational');
    });

    it('counts provisioning jobs that ended failed in the last hour', async () => {
      const partner = await seedPartner(prisma);
      await failJobs(partner.id, 1, { minutesAgo: 90 });
      await failJobs(partner.id, 3, { kind: 'status.webhook.deliver' });
      expect((await read(partner.id)).status).toBe('operational');

      await failJobs(partner.id, 1);
      const reading = await read(partner.id);
      expect(reading.status).toBe('degraded');
      expect(reading.detail).toContain('1 job ended failed');

      await failJobs(partner.id, statusThresholds.failedJobsOutage - 1, {
        kind: provisionJobKind.customerOrg,
      });
      expect((await read(partner.id)).status).toBe('outage');
    });

    it('reads the request log through the (partner_id, created_at) index', async () => {
      const partners = await Promise.all([1, 2, 3, 4].map(() => seedPartner(prisma)));
      for (const partner of partners) {
        await logRequests(partner.id, [
          { route: '/api/provisioning/p', status: 202, count: 2500, minutesAgo: 30 },
        ]);
      }
      await prisma.$executeRawUnsafe('ANALYZE request_log');

      const plan = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT count(*) FROM request_log
          WHERE partner_id = '${partners[0]!.id}' AND created_at >= now() - interval '1 hour'
            AND (starts_with(route, '/api/provisioning/') OR starts_with(route, '/api/v1/broadworks/'))`,
      );
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain(
        'request_log_partner_id_created_at_idx',
      );
    });
  });

  describe('certificates', () => {
    async function certificates(
      rows: Partial<{
        validTo: Date | null;
        selfSigned: boolean;
        chainTrusted: boolean;
        hostnameMatches: boolean;
        errorReason: string | null;
      }>[],
    ) {
      const partner = await seedPartner(prisma);
      const cluster = await prisma.cluster.create({
        data: {
          partnerId: partner.id,
          name: 'Amsterdam',
          release: 'R25',
          xsiActionsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-actions',
          xsiEventsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-events',
          authServiceUrl: 'https://xsp.partner.example/authservice',
        },
      });
      const names = ['xsiActions', 'xsiEvents', 'authService', 'cti', 'das'];
      await prisma.xspCertificate.createMany({
        data: rows.map((row, index) => ({
          partnerId: partner.id,
          clusterId: cluster.id,
          interfaceName: names[index]!,
          url: `https://xsp.partner.example/${index}`,
          validTo: new Date(Date.now() + 200 * day),
          selfSigned: false,
          chainTrusted: true,
          hostnameMatches: true,
          ...row,
        })),
      });

      return readCertificates(prisma, { partnerId: partner.id, now: new Date() });
    }

    it('is operational without certificates and with good ones', async () => {
      expect(await certificates([])).toEqual({
        name: 'certificates',
        status: 'operational',
        detail: 'No XSP certificate has been checked yet.',
        message: { key: 'certificatesUnchecked' },
      });
      expect(await certificates([{}, {}])).toMatchObject({
        status: 'operational',
        detail: '2 interface certificates in order.',
        message: { key: 'certificatesInOrder', values: { count: 2 } },
      });
    });

    it.each([
      [{ validTo: new Date(Date.now() + 29 * day) }, 'expires within 30 days', 'expiresSoon'],
      [{ selfSigned: true, chainTrusted: false }, 'self-signed', 'selfSigned'],
      [{ chainTrusted: false }, 'untrusted chain', 'untrustedChain'],
      [{ hostnameMatches: false }, 'host name mismatch', 'hostMismatch'],
    ])('is degraded by %o', async (row, problem, code) => {
      const reading = await certificates([{}, row]);

      expect(reading.status).toBe('degraded');
      expect(reading.detail).toBe(`Amsterdam xsiEvents: ${problem}.`);
      expect(reading.message).toEqual({
        key: 'certificateFindings',
        findings: [{ cluster: 'Amsterdam', interfaceName: 'xsiEvents', problems: [code] }],
        values: { more: 0 },
      });
    });

    it('is not degraded by a certificate that expires in more than 30 days', async () => {
      expect((await certificates([{ validTo: new Date(Date.now() + 31 * day) }])).status).toBe(
        'operational',
      );
    });

    it.each([
      [{ validTo: new Date(Date.now() - day) }, 'expired'],
      [
        { errorReason: 'The connection was refused.', validTo: null, chainTrusted: false },
        'handshake failed',
      ],
    ])('is an outage with %o', async (row, problem) => {
      const reading = await certificates([{ hostnameMatches: false }, row]);

      expect(reading.status).toBe('outage');
      expect(reading.detail).toBe(
        `Amsterdam xsiEvents: ${problem}; Amsterdam xsiActions: host name mismatch.`,
      );
    });

    it('reads only the partner’s own certificates', async () => {
      await certificates([{ validTo: new Date(Date.now() - day) }]);
      const partner = await seedPartner(prisma);

      expect(
        (await readCertificates(prisma, { partnerId: partner.id, now: new Date() })).status,
      ).toBe('operational');
    });
  });
});
