import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GET as activityRoute } from '@/app/api/customers/[id]/activity/route';
import { GET as customerRoute } from '@/app/api/customers/[id]/route';
import { GET as subscribersRoute } from '@/app/api/customers/[id]/subscribers/route';
import type { CustomerActivity, CustomerDetail } from '@/lib/customers/customer-detail';
import type { CustomerSubscriberView } from '@/lib/customers/customer-detail';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { enqueueJob } from '@/lib/jobs/queue';

import {
  apiRequest,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type RouteHandler,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { seedPartner, seedPartnerData } from '../support/seed';
import { provisionUser, seedTemplate, settle, type ProvisionedUser } from './customer-fixtures';

interface SubscriberPage {
  items: CustomerSubscriberView[];
  page: number;
  pageSize: number;
  total: number;
}

describe('customer detail API', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let partnerId: string;
  let reader: SignedIn;
  let otherAdmin: SignedIn;
  let customerId: string;
  let users: ProvisionedUser[];
  let other: Awaited<ReturnType<typeof seedPartnerData>>;

  async function get<Body>(
    handler: RouteHandler,
    path: string,
    params: Record<string, string>,
    caller: SignedIn = reader,
  ) {
    const response = await handler(
      apiRequest(path, { cookie: caller.cookie }),
      routeContext(params),
    );
    return readAnswer<Body>(response);
  }

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;

    partnerId = (await seedPartner(prisma)).id;
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    other = await seedPartnerData(prisma);
    otherAdmin = await signInAs(prisma, { partnerId: other.partner.id });
    const template = await seedTemplate(prisma, { partnerId });

    users = [];
    for (const [index, lastName] of ['Visser', 'Bakker', 'De Jong', 'Smit'].entries()) {
      users.push(
        await provisionUser(template, {
          userId: `user${index}@detail.example`,
          enterpriseId: 'ent-detail',
          enterpriseName: 'Detail Customer B.V.',
          email: `user${index}@detail.example`,
          lastName,
        }),
      );
    }
    await settle(prisma);
    customerId = (
      await prisma.subscriber.findUniqueOrThrow({ where: { id: users[0]!.subscriberId } })
    ).customerOrgId!;
    await prisma.subscriber.update({
      where: { id: users[3]!.subscriberId },
      data: {
        package: 'premium',
        status: 'error',
        errors: [{ errorCode: 'email_domain_taken', description: 'The domain is taken.' }],
      },
    });
  });
  afterAll(async () => {
    await database?.close();
    restoreEnv?.();
  });

  it('shows the customer with its IDs, template, cluster and subscriber counts', async () => {
    const answer = await get<CustomerDetail>(customerRoute, `/api/customers/${customerId}`, {
      id: customerId,
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: customerId,
      orgId: customerId,
      partnerOrgId: partnerId,
      name: 'Detail Customer B.V.',
      spEnterpriseId: 'ent-detail',
      status: 'active',
      subscriberCounts: { softphone: 0, basic: 0, standard: 3, premium: 1 },
      subscriberTotal: 4,
      subscriberStatusCounts: { provisioned: 3, error: 1 },
    });
  });

  it('lists the subscribers by name, filtered and paged, with their last TrackingID', async () => {
    const path = `/api/customers/${customerId}/subscribers`;
    const all = await get<SubscriberPage>(subscribersRoute, path, { id: customerId });

    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    expect(all.body.items.map((item) => item.lastName)).toEqual([
      'Bakker',
      'De Jong',
      'Smit',
      'Visser',
    ]);
    const failed = all.body.items.find((item) => item.lastName === 'Smit')!;
    expect(failed).toMatchObject({
      status: 'error',
      errors: [{ errorCode: 'email_domain_taken', description: 'The domain is taken.' }],
      trackingId: users[3]!.trackingId,
      orgId: customerId,
    });

    const errors = await get<SubscriberPage>(subscribersRoute, `${path}?status=error`, {
      id: customerId,
    });
    expect(errors.body.items.map((item) => item.id)).toEqual([users[3]!.subscriberId]);

    const premium = await get<SubscriberPage>(subscribersRoute, `${path}?package=premium`, {
      id: customerId,
    });
    expect(premium.body.total).toBe(1);

    const second = await get<SubscriberPage>(subscribersRoute, `${path}?page=2&pageSize=25`, {
      id: customerId,
    });
    expect(second.body).toMatchObject({ items: [], page: 2, total: 4 });

    const invalid = await get(subscribersRoute, `${path}?package=gold`, { id: customerId });
    expect(invalid.status).toBe(400);
  });

  it('shows recent audit entries, open and failed jobs, and status changes', async () => {
    await enqueueJob(prisma, {
      kind: 'subscriber.provision',
      partnerId,
      payload: { subscriberId: users[1]!.subscriberId },
      dedupeKey: `detail-test:${users[1]!.subscriberId}`,
    });

    const answer = await get<CustomerActivity>(
      activityRoute,
      `/api/customers/${customerId}/activity`,
      { id: customerId },
    );

    expect(answer.status).toBe(200);
    expect(answer.body.audit).toHaveLength(4);
    expect(answer.body.audit.map((entry) => entry.trackingId).sort()).toEqual(
      users.map((user) => user.trackingId).sort(),
    );
    expect(answer.body.audit[0]).toMatchObject({
      action: 'subscriber.flowthrough_add',
      targetType: 'subscriber',
      outcome: 'success',
      userId: 'user3@detail.example',
    });
    expect(answer.body.jobs).toEqual([
      expect.objectContaining({
        kind: 'subscriber.provision',
        status: 'queued',
        userId: 'user1@detail.example',
      }),
    ]);
    expect(answer.body.statusChanges[0]).toMatchObject({
      subscriberId: expect.any(String),
      status: expect.any(String),
    });
    expect(answer.body.statusChanges).toHaveLength(4);
  });

  it('answers 404 for another partner’s customer and for ids that are not UUIDs', async () => {
    const theirs = other.customerOrg.id;
    for (const [handler, suffix] of [
      [customerRoute, ''],
      [subscribersRoute, '/subscribers'],
      [activityRoute, '/activity'],
    ] as const) {
      const foreign = await get(handler, `/api/customers/${theirs}${suffix}`, { id: theirs });
      expect(foreign.status).toBe(404);
      expect(foreign.text).not.toContain(other.customerOrg.name);

      const mine = await get(
        handler,
        `/api/customers/${customerId}${suffix}`,
        { id: customerId },
        otherAdmin,
      );
      expect(mine.status).toBe(404);

      const malformed = await get(handler, `/api/customers/nope${suffix}`, { id: 'nope' });
      expect(malformed.status).toBe(404);
    }
  });

  it('refuses anonymous callers', async () => {
    const response = await customerRoute(
      apiRequest(`/api/customers/${customerId}`),
      routeContext({ id: customerId }),
    );
    expect(response.status).toBe(401);
  });
});
