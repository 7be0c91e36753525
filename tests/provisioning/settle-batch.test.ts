import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { claimJobs, enqueueJob, type JobRecord } from '@/lib/jobs/queue';
import { provisionJobKind } from '@/lib/provisioning/job-kinds';
import { createOrganisationJobs, settleSubscriberJobs } from '@/lib/provisioning/settle-batch';

import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedPartnerData, uniqueSuffix } from '../support/seed';

describe('settling subscriber jobs in a batch', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  /** A customer organisation still being created, with one waiting subscriber. */
  async function organisationBeingCreated(email: string) {
    const { prisma } = database;
    const { partner, template } = await seedPartnerData(prisma);
    const org = await prisma.customerOrg.create({
      data: {
        partnerId: partner.id,
        templateId: template.id,
        name: `Org ${email}`,
        spEnterpriseId: `ent-${uniqueSuffix()}`,
      },
    });
    const subscriber = await prisma.subscriber.create({
      data: {
        partnerId: partner.id,
        templateId: template.id,
        customerOrgId: org.id,
        userId: `waiting-${uniqueSuffix()}@bw.example`,
        spEnterpriseId: org.spEnterpriseId,
        firstName: 'W',
        lastName: 'Aiting',
        email,
        emailDomain: email.split('@')[1]!,
        package: 'standard',
      },
    });
    return { partner, template, org, subscriber };
  }

  it('provisions the usual subscribers at once and leaves the others to their handler', async () => {
    const { prisma } = database;
    const seeded = await seedPartnerData(prisma);
    const { partner, template } = seeded;
    const orgs = await Promise.all(
      ['a', 'b'].map((key) =>
        prisma.customerOrg.create({
          data: {
            partnerId: partner.id,
            templateId: template.id,
            name: `Org ${key}`,
            spEnterpriseId: `ent-${key}-${uniqueSuffix()}`,
            status: 'active',
          },
        }),
      ),
    );
    const pending = await prisma.customerOrg.create({
      data: {
        partnerId: partner.id,
        templateId: template.id,
        name: 'Org pending',
        spEnterpriseId: `ent-pending-${uniqueSuffix()}`,
      },
    });

    let created = 0;
    const subscriber = async (orgId: string, email: string | null) => {
      created += 1;
      const row = await prisma.subscriber.create({
        data: {
          partnerId: partner.id,
          templateId: template.id,
          customerOrgId: orgId,
          userId: `batch-${created}-${uniqueSuffix()}@bw.example`,
          spEnterpriseId: 'x',
          firstName: 'B',
          lastName: `Atch ${created}`,
          email,
          emailDomain: email?.split('@')[1] ?? null,
          package: 'standard',
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, created)),
        },
      });
      await enqueueJob(prisma, {
        kind: provisionJobKind.subscriber,
        partnerId: partner.id,
        payload: { subscriberId: row.id },
      });
      return row;
    };

    const owner = await subscriber(orgs[0]!.id, 'one@owned.example');
    const sameOrg = await subscriber(orgs[0]!.id, 'two@owned.example');
    const otherOrg = await subscriber(orgs[1]!.id, 'three@owned.example');
    const webmail = await subscriber(orgs[1]!.id, 'someone@gmail.com');
    const noEmail = await subscriber(orgs[1]!.id, null);
    const waiting = await subscriber(pending.id, 'x@pending.example');

    const settledAlready = await subscriber(orgs[1]!.id, 'four@elsewhere.example');
    await prisma.subscriber.update({
      where: { id: settledAlready.id },
      data: { status: 'provisioned' },
    });

    // The worker offers the batch handler only the jobs of its kind.
    const jobs = (
      await claimJobs(prisma, { workerId: 'batch-test', limit: 100, leaseMs: 30_000 })
    ).filter((job) => job.kind === provisionJobKind.subscriber);
    const done = await settleSubscriberJobs(prisma, jobs, 'batch-test');

    const statusOf = async (id: string) =>
      (await prisma.subscriber.findUniqueOrThrow({ where: { id } })).status;
    expect(await statusOf(owner.id)).toBe('provisioned');
    expect(await statusOf(sameOrg.id)).toBe('provisioned');
    expect(await statusOf(webmail.id)).toBe('provisioned');
    // The domain belongs to another customer, no address: not here. The organisation not
    // ready yet: its own job will settle the subscriber.
    expect(await statusOf(otherOrg.id)).toBe('provisioning');
    expect(await statusOf(noEmail.id)).toBe('provisioning');
    expect(await statusOf(waiting.id)).toBe('provisioning');

    const jobOf = (id: string) =>
      jobs.find((job) => (job.payload as { subscriberId: string }).subscriberId === id)!;
    expect([...done].sort()).toEqual(
      [owner, sameOrg, webmail, settledAlready, waiting].map((row) => jobOf(row.id).id).sort(),
    );
    const states = await prisma.job.groupBy({
      by: ['status'],
      where: { kind: provisionJobKind.subscriber },
      _count: true,
    });
    expect(Object.fromEntries(states.map((row) => [row.status, row._count]))).toEqual({
      succeeded: 5,
      running: 2,
    });

    // Another worker holding the jobs now: nothing is done twice.
    expect((await settleSubscriberJobs(prisma, jobs, 'someone-else')).size).toBe(0);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'hands back, unrun, the jobs whose organisation another worker is creating right now',
    async () => {
      const { prisma } = database;
      const { partner, org, subscriber } = await organisationBeingCreated('someone@gmail.com');
      await enqueueJob(prisma, {
        kind: provisionJobKind.subscriber,
        partnerId: partner.id,
        payload: { subscriberId: subscriber.id },
      });
      const ofSubscriber = (claimed: JobRecord[]) =>
        claimed.filter(
          (job) => (job.payload as { subscriberId?: string }).subscriberId === subscriber.id,
        );
      const jobs = ofSubscriber(
        await claimJobs(prisma, { workerId: 'busy-test', limit: 100, leaseMs: 30_000 }),
      );
      const queued = jobs[0]!;

      // The organisation's own job, in another worker, holds its row while it creates it.
      const done = await database.sql.withConnection(async (other) => {
        await other.exec('BEGIN');
        try {
          await other.query('SELECT 1 FROM customer_org WHERE id = $1 FOR NO KEY UPDATE', [org.id]);
          return await settleSubscriberJobs(prisma, jobs, 'busy-test');
        } finally {
          await other.exec('ROLLBACK');
        }
      });

      expect([...done]).toEqual([queued.id]);
      const job = await prisma.job.findUniqueOrThrow({ where: { id: queued.id } });
      expect(job).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
      expect(job.runAt.getTime()).toBeGreaterThan(Date.now() - 1_000);
      const statusOfSubscriber = async () =>
        (await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status;
      expect(await statusOfSubscriber()).toBe('provisioning');

      // Free again and still waiting to be created: the job is done, and the organisation's
      // own job settles the subscriber.
      const again = await claimJobs(prisma, { workerId: 'busy-test', limit: 100, leaseMs: 30_000 });
      await sleep(250);
      const retaken = ofSubscriber([
        ...again,
        ...(await claimJobs(prisma, { workerId: 'busy-test', limit: 100, leaseMs: 30_000 })),
      ]);
      expect(retaken).toHaveLength(1);
      expect(retaken[0]!.attempts).toBe(1);
      expect([...(await settleSubscriberJobs(prisma, retaken, 'busy-test'))]).toEqual([queued.id]);
      expect(await statusOfSubscriber()).toBe('provisioning');

      await enqueueJob(prisma, {
        kind: provisionJobKind.customerOrg,
        partnerId: partner.id,
        payload: { customerOrgId: org.id },
      });
      const orgJobs = (
        await claimJobs(prisma, { workerId: 'busy-test', limit: 100, leaseMs: 30_000 })
      ).filter((job) => job.kind === provisionJobKind.customerOrg);
      await createOrganisationJobs(prisma, orgJobs, 'busy-test');
      expect(await statusOfSubscriber()).toBe('provisioned');
    },
  );

  it('creates organisations whose subscribers all settle directly, and leaves the others whole', async () => {
    const { prisma } = database;
    const { partner, template } = await seedPartnerData(prisma);
    const org = (key: string, status: 'provisioning' | 'active' = 'provisioning') =>
      prisma.customerOrg.create({
        data: {
          partnerId: partner.id,
          templateId: template.id,
          name: `Org ${key}`,
          spEnterpriseId: `org-${key}-${uniqueSuffix()}`,
          status,
        },
      });
    const ready = await org('ready');
    const needsMore = await org('needs-more');
    const activeAlready = await org('active', 'active');

    const subscriber = (orgId: string, email: string | null) =>
      prisma.subscriber.create({
        data: {
          partnerId: partner.id,
          templateId: template.id,
          customerOrgId: orgId,
          userId: `org-batch-${uniqueSuffix()}@bw.example`,
          spEnterpriseId: 'x',
          firstName: 'O',
          lastName: 'Rg',
          email,
          emailDomain: email?.split('@')[1] ?? null,
          package: 'standard',
        },
      });
    const readyUsers = [
      await subscriber(ready.id, 'a@ready.example'),
      await subscriber(ready.id, 'b@ready.example'),
    ];
    await subscriber(needsMore.id, 'c@more.example');
    await subscriber(needsMore.id, null);

    await prisma.job.deleteMany({});
    for (const target of [ready, needsMore, activeAlready]) {
      await enqueueJob(prisma, {
        kind: provisionJobKind.customerOrg,
        partnerId: partner.id,
        payload: { customerOrgId: target.id },
      });
    }
    const jobs = await claimJobs(prisma, { workerId: 'org-test', limit: 10, leaseMs: 30_000 });
    const done = await createOrganisationJobs(prisma, jobs, 'org-test');

    const jobFor = (orgId: string) =>
      jobs.find((job) => (job.payload as { customerOrgId: string }).customerOrgId === orgId)!.id;
    expect([...done].sort()).toEqual([jobFor(ready.id), jobFor(activeAlready.id)].sort());

    const statusOf = async (id: string) =>
      (await prisma.customerOrg.findUniqueOrThrow({ where: { id } })).status;
    expect(await statusOf(ready.id)).toBe('active');
    expect(await statusOf(needsMore.id)).toBe('provisioning');
    const readyStatuses = await prisma.subscriber.findMany({
      where: { id: { in: readyUsers.map((row) => row.id) } },
      select: { status: true },
    });
    expect(readyStatuses.map((row) => row.status)).toEqual(['provisioned', 'provisioned']);
    const untouched = await prisma.subscriber.findMany({
      where: { customerOrgId: needsMore.id },
      select: { status: true },
    });
    expect(untouched.map((row) => row.status)).toEqual(['provisioning', 'provisioning']);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'queues again a subscriber committed while the organisation was waiting to be created',
    async () => {
      const { prisma } = database;
      const {
        partner,
        template,
        org,
        subscriber: early,
      } = await organisationBeingCreated('early@late.example');
      await prisma.job.deleteMany({});
      await enqueueJob(prisma, {
        kind: provisionJobKind.customerOrg,
        partnerId: partner.id,
        payload: { customerOrgId: org.id },
      });
      const jobs = await claimJobs(prisma, { workerId: 'late-test', limit: 10, leaseMs: 30_000 });

      // Another transaction holds the organisation's row while the statement begins, then
      // commits a subscriber whose own job already ran and found the organisation waiting.
      const lateId = await database.sql.withConnection(async (other) => {
        await other.exec('BEGIN');
        try {
          await other.query('SELECT 1 FROM customer_org WHERE id = $1 FOR NO KEY UPDATE', [org.id]);
          const creating = createOrganisationJobs(prisma, jobs, 'late-test');
          await waitForLockWait(prisma);

          const [late] = await other.query<{ id: string }>(
            `INSERT INTO subscriber (id, partner_id, template_id, customer_org_id, user_id,
               sp_enterprise_id, first_name, last_name, email, email_domain, package, updated_at)
             VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'L', 'Ate', 'late@late.example',
                     'late.example', 'standard', now())
             RETURNING id::text AS id`,
            [
              partner.id,
              template.id,
              org.id,
              `late-${uniqueSuffix()}@bw.example`,
              org.spEnterpriseId,
            ],
          );
          await other.query(
            `INSERT INTO job (partner_id, kind, payload, dedupe_key, status, finished_at, updated_at)
             VALUES ($1, $2, jsonb_build_object('subscriberId', $3::text),
                     'subscriber:' || $3 || ':change:0', 'succeeded', now(), now())`,
            [partner.id, provisionJobKind.subscriber, late!.id],
          );
          await other.exec('COMMIT');

          expect([...(await creating)]).toEqual([jobs[0]!.id]);
          return late!.id;
        } catch (error) {
          await other.exec('ROLLBACK');
          throw error;
        }
      });

      const statusOf = async (id: string) =>
        (await prisma.subscriber.findUniqueOrThrow({ where: { id } })).status;
      expect(await statusOf(early.id)).toBe('provisioned');
      expect(await statusOf(lateId)).toBe('provisioning');

      const again = await claimJobs(prisma, { workerId: 'late-test', limit: 10, leaseMs: 30_000 });
      expect(again.map((job) => job.payload)).toEqual([{ subscriberId: lateId }]);
      expect((await settleSubscriberJobs(prisma, again, 'late-test')).size).toBe(1);
      expect(await statusOf(lateId)).toBe('provisioned');
    },
  );
});

/** Waits until a statement of this database waits for a row lock. */
async function waitForLockWait(prisma: TestDatabase['prisma']) {
  for (let tries = 0; tries < 200; tries += 1) {
    const [row] = await prisma.$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row!.waiting > 0n) return;
    await sleep(10);
  }
  throw new Error('no statement waited for the lock');
}
