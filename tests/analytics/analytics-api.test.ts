import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DELETE, GET as getAnalytics, POST } from '@/app/api/analytics/route';
import type { AnalyticsReport } from '@/lib/analytics/analytics-report';
import { rollUpRequestLog } from '@/lib/analytics/request-log-rollup';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { SubscriberPackage, SubscriberStatus } from '@/lib/generated/prisma/enums';

import {
  apiRequest,
  namesField,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { seedFlowthroughTemplate, seedPartner, uniqueSuffix } from '../support/seed';

const dayMs = 24 * 60 * 60 * 1000;
const now = new Date();
const todayNoon = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12);
const daysAgo = (days: number) => new Date(todayNoon - days * dayMs);
const dateOf = (days: number) => daysAgo(days).toISOString().slice(0, 10);
const mondayOf = (days: number) => {
  const date = daysAgo(days);
  return dateOf(days + ((date.getUTCDay() + 6) % 7));
};

async function analytics(caller: SignedIn | undefined, params: Record<string, string> = {}) {
  const response = await getAnalytics(
    apiRequest(`/api/analytics?${new URLSearchParams(params)}`, { cookie: caller?.cookie }),
    routeContext({}),
  );
  return readAnswer<AnalyticsReport>(response);
}

function seedTemplate(prisma: PrismaClient, partnerId: string, name: string) {
  return seedFlowthroughTemplate(prisma, { partnerId, name });
}

type SubscriberSpec = [SubscriberPackage, SubscriberStatus];

async function seedCustomer(
  prisma: PrismaClient,
  options: {
    partnerId: string;
    templateId: string;
    name: string | null;
    createdDaysAgo: number;
    subscribers: SubscriberSpec[];
  },
) {
  const suffix = uniqueSuffix();
  const customer = options.name
    ? await prisma.customerOrg.create({
        data: {
          partnerId: options.partnerId,
          templateId: options.templateId,
          name: options.name,
          spEnterpriseId: `ent-${suffix}`,
          status: 'active',
          createdAt: daysAgo(options.createdDaysAgo),
        },
      })
    : null;
  await prisma.subscriber.createMany({
    data: options.subscribers.map(([name, status], index) => ({
      partnerId: options.partnerId,
      templateId: options.templateId,
      customerOrgId: customer?.id ?? null,
      userId: `user${index}.${suffix}@bw.example`,
      spEnterpriseId: `ent-${suffix}`,
      firstName: 'Anna',
      lastName: 'Jansen',
      package: name,
      status,
    })),
  });

  return customer;
}

/** `count` request log rows of one kind, all at noon of the given day. */
async function logRequests(
  prisma: PrismaClient,
  options: {
    partnerId: string;
    templateId?: string;
    route: string;
    daysAgo: number;
    count: number;
    status: number;
    errorCode?: string;
  },
) {
  await prisma.requestLog.createMany({
    data: Array.from({ length: options.count }, () => ({
      trackingId: `PHUB_test_${uniqueSuffix()}`,
      partnerId: options.partnerId,
      templateId: options.templateId ?? null,
      method: 'POST',
      route: options.route,
      status: options.status,
      durationMs: 12,
      errorCode: options.errorCode ?? null,
      createdAt: daysAgo(options.daysAgo),
    })),
  });
}

describe('GET /api/analytics', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let admin: SignedIn;
  let reader: SignedIn;
  let otherAdmin: SignedIn;
  let first: { id: string; provisioningId: string };
  let second: { id: string; provisioningId: string };
  let otherTemplate: { id: string };
  const customerIds: Record<string, string> = {};

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;

    const partnerId = (await seedPartner(prisma)).id;
    const otherPartnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    otherAdmin = await signInAs(prisma, { partnerId: otherPartnerId });
    first = await seedTemplate(prisma, partnerId, 'Template one');
    second = await seedTemplate(prisma, partnerId, 'Template two');
    otherTemplate = await seedTemplate(prisma, otherPartnerId, 'Template of B');

    const customers = [
      {
        name: 'Alpha',
        templateId: first.id,
        createdDaysAgo: 2,
        subscribers: [
          ['premium', 'provisioned'],
          ['premium', 'provisioned'],
          ['basic', 'error'],
        ] as SubscriberSpec[],
      },
      {
        name: 'Beta',
        templateId: first.id,
        createdDaysAgo: 10,
        subscribers: [['standard', 'provisioning']] as SubscriberSpec[],
      },
      {
        name: 'Gamma',
        templateId: first.id,
        createdDaysAgo: 40,
        subscribers: [
          ['softphone', 'provisioned'],
          ['standard', 'provisioned'],
        ] as SubscriberSpec[],
      },
      {
        name: 'Delta',
        templateId: second.id,
        createdDaysAgo: 3,
        subscribers: [
          ['standard', 'provisioned'],
          ['standard', 'provisioned'],
          ['standard', 'provisioned'],
          ['standard', 'updating'],
        ] as SubscriberSpec[],
      },
      // Older than any period, each with one subscriber: more customers than the top ten.
      ...Array.from({ length: 8 }, (_, index) => ({
        name: `Extra ${index + 1}`,
        templateId: second.id,
        createdDaysAgo: 100,
        subscribers: [['softphone', 'provisioned']] as SubscriberSpec[],
      })),
    ];
    for (const customer of customers) {
      const created = await seedCustomer(prisma, { partnerId, ...customer });
      customerIds[customer.name] = created!.id;
    }
    // A subscriber waiting for its email has no customer yet.
    await seedCustomer(prisma, {
      partnerId,
      templateId: second.id,
      name: null,
      createdDaysAgo: 0,
      subscribers: [['basic', 'pending_email_input']],
    });

    const flowthrough = (template: { provisioningId: string }) =>
      `/api/provisioning/${template.provisioningId}`;
    const rows = [
      { templateId: first.id, route: flowthrough(first), daysAgo: 0, count: 5, status: 202 },
      {
        templateId: first.id,
        route: flowthrough(first),
        daysAgo: 0,
        count: 2,
        status: 400,
        errorCode: 'invalid_body',
      },
      { templateId: first.id, route: flowthrough(first), daysAgo: 0, count: 1, status: 401 },
      { templateId: first.id, route: flowthrough(first), daysAgo: 5, count: 3, status: 202 },
      {
        templateId: first.id,
        route: flowthrough(first),
        daysAgo: 5,
        count: 1,
        status: 409,
        errorCode: 'conflict',
      },
      { templateId: second.id, route: flowthrough(second), daysAgo: 0, count: 4, status: 202 },
      {
        templateId: second.id,
        route: flowthrough(second),
        daysAgo: 0,
        count: 1,
        status: 429,
        errorCode: 'too_many_requests',
      },
      { route: '/api/v1/broadworks/subscribers', daysAgo: 2, count: 2, status: 201 },
      {
        route: '/api/v1/broadworks/subscribers',
        daysAgo: 2,
        count: 1,
        status: 400,
        errorCode: 'invalid_body',
      },
      { templateId: first.id, route: flowthrough(first), daysAgo: 45, count: 6, status: 202 },
      // The hub's own API is not provisioning, failed or not.
      { route: '/api/customers', daysAgo: 0, count: 10, status: 200 },
      { route: '/api/customers', daysAgo: 0, count: 3, status: 500, errorCode: 'internal' },
      { route: '/api/provisioning', daysAgo: 0, count: 2, status: 404 },
    ];
    for (const row of rows) await logRequests(prisma, { partnerId, ...row });

    // The other partner's rows, some even naming this partner's template.
    await seedCustomer(prisma, {
      partnerId: otherPartnerId,
      templateId: otherTemplate.id,
      name: 'Alpha of B',
      createdDaysAgo: 2,
      subscribers: [
        ['premium', 'provisioned'],
        ['premium', 'error'],
      ],
    });
    for (const templateId of [otherTemplate.id, first.id]) {
      await logRequests(prisma, {
        partnerId: otherPartnerId,
        templateId,
        route: '/api/provisioning/other',
        daysAgo: 0,
        count: 7,
        status: 202,
      });
      await logRequests(prisma, {
        partnerId: otherPartnerId,
        templateId,
        route: '/api/provisioning/other',
        daysAgo: 0,
        count: 2,
        status: 400,
        errorCode: 'invalid_body',
      });
    }
  });

  afterAll(async () => {
    await database?.close();
    restoreEnv?.();
  });

  const countsOf = <Key extends string>(
    rows: ({ count: number } & Record<string, unknown>)[],
    key: Key,
  ) => Object.fromEntries(rows.map((row) => [row[key], row.count]));

  it('counts every subscriber of the partner by package and by status', async () => {
    const { status, body } = await analytics(admin);

    expect(status).toBe(200);
    expect(body.subscribers.total).toBe(19);
    expect(countsOf(body.subscribers.byPackage, 'package')).toEqual({
      softphone: 9,
      basic: 2,
      standard: 6,
      premium: 2,
    });
    expect(countsOf(body.subscribers.byStatus, 'status')).toEqual({
      pending_email_input: 1,
      pending_email_validation: 0,
      pending_user_migration: 0,
      provisioning: 1,
      provisioned: 15,
      updating: 1,
      error: 1,
    });
  });

  it('lists the ten largest customers, largest first', async () => {
    const { body } = await analytics(admin);

    expect(body.topCustomers).toHaveLength(10);
    expect(body.topCustomers.slice(0, 3)).toEqual([
      { id: customerIds.Delta, name: 'Delta', subscribers: 4 },
      { id: customerIds.Alpha, name: 'Alpha', subscribers: 3 },
      { id: customerIds.Gamma, name: 'Gamma', subscribers: 2 },
    ]);
    expect(body.topCustomers.slice(3).every((customer) => customer.subscribers === 1)).toBe(true);
  });

  it('counts provisioning requests and failures per day over the last 30 days', async () => {
    const { body } = await analytics(admin);

    expect(body.filters).toEqual({
      templateId: null,
      period: '30d',
      from: dateOf(29),
      to: dateOf(0),
    });
    expect(body.provisioning.requests).toBe(20);
    expect(body.provisioning.failures).toBe(6);
    expect(body.provisioning.perDay).toHaveLength(30);
    const busyDays = body.provisioning.perDay.filter((day) => day.requests > 0);
    expect(busyDays).toEqual([
      { date: dateOf(5), requests: 4, failures: 1 },
      { date: dateOf(2), requests: 3, failures: 1 },
      { date: dateOf(0), requests: 13, failures: 4 },
    ]);
    expect(body.provisioning.failuresByErrorCode).toEqual([
      { errorCode: 'invalid_body', count: 3 },
      { errorCode: 'conflict', count: 1 },
      { errorCode: 'http_401', count: 1 },
      { errorCode: 'too_many_requests', count: 1 },
    ]);
  });

  it('counts the customers created per week of the period', async () => {
    const month = await analytics(admin);
    const quarter = await analytics(admin, { period: '90d' });

    const created = (body: AnalyticsReport) =>
      body.customersPerWeek.reduce((sum, week) => sum + week.count, 0);
    expect(created(month.body)).toBe(3);
    expect(created(quarter.body)).toBe(4);
    expect(month.body.customersPerWeek[0]!.weekStart).toBe(mondayOf(29));
    expect(month.body.customersPerWeek.at(-1)!.weekStart).toBe(mondayOf(0));

    const perWeek = countsOf(quarter.body.customersPerWeek, 'weekStart');
    const expected: Record<string, number> = {};
    for (const days of [2, 3, 10, 40])
      expected[mondayOf(days)] = (expected[mondayOf(days)] ?? 0) + 1;
    for (const [week, count] of Object.entries(expected)) expect(perWeek[week]).toBe(count);
  });

  it('narrows every number to one template', async () => {
    const { body } = await analytics(admin, { templateId: first.id });

    expect(body.filters.templateId).toBe(first.id);
    expect(body.subscribers.total).toBe(6);
    expect(countsOf(body.subscribers.byPackage, 'package')).toEqual({
      softphone: 1,
      basic: 1,
      standard: 2,
      premium: 2,
    });
    expect(countsOf(body.subscribers.byStatus, 'status')).toMatchObject({
      provisioned: 4,
      error: 1,
      provisioning: 1,
      updating: 0,
    });
    expect(body.topCustomers.map((customer) => customer.name)).toEqual(['Alpha', 'Gamma', 'Beta']);
    expect(body.provisioning.requests).toBe(12);
    expect(body.provisioning.failures).toBe(4);
    expect(body.provisioning.failuresByErrorCode).toEqual([
      { errorCode: 'invalid_body', count: 2 },
      { errorCode: 'conflict', count: 1 },
      { errorCode: 'http_401', count: 1 },
    ]);
    expect(body.customersPerWeek.reduce((sum, week) => sum + week.count, 0)).toBe(2);

    const second90 = await analytics(admin, { templateId: second.id, period: '90d' });
    expect(second90.body.subscribers.total).toBe(13);
    expect(second90.body.provisioning.requests).toBe(5);
    expect(second90.body.customersPerWeek.reduce((sum, week) => sum + week.count, 0)).toBe(1);
  });

  it('takes the last 7 or 90 days, or a range of dates', async () => {
    const week = await analytics(admin, { period: '7d' });
    expect(week.body.provisioning.perDay.map((day) => day.date)).toEqual(
      [6, 5, 4, 3, 2, 1, 0].map(dateOf),
    );
    expect(week.body.provisioning.requests).toBe(20);

    const quarter = await analytics(admin, { period: '90d' });
    expect(quarter.body.provisioning.perDay).toHaveLength(90);
    expect(quarter.body.provisioning.requests).toBe(26);
    expect(quarter.body.provisioning.failures).toBe(6);

    const range = await analytics(admin, { from: dateOf(6), to: dateOf(3) });
    expect(range.status).toBe(200);
    expect(range.body.filters).toEqual({
      templateId: null,
      period: null,
      from: dateOf(6),
      to: dateOf(3),
    });
    expect(range.body.provisioning.perDay).toEqual([
      { date: dateOf(6), requests: 0, failures: 0 },
      { date: dateOf(5), requests: 4, failures: 1 },
      { date: dateOf(4), requests: 0, failures: 0 },
      { date: dateOf(3), requests: 0, failures: 0 },
    ]);
    expect(range.body.customersPerWeek.reduce((sum, week) => sum + week.count, 0)).toBe(1);

    const oneDay = await analytics(admin, {
      from: dateOf(45),
      to: dateOf(45),
      templateId: first.id,
    });
    expect(oneDay.body.provisioning.perDay).toEqual([
      { date: dateOf(45), requests: 6, failures: 0 },
    ]);
  });

  it("never counts another partner's rows, and lets the other partner see only its own", async () => {
    const mine = await analytics(admin, { templateId: first.id });
    expect(mine.body.provisioning.requests).toBe(12);
    expect(mine.body.topCustomers.map((customer) => customer.name)).not.toContain('Alpha of B');

    const theirs = await analytics(otherAdmin);
    expect(theirs.status).toBe(200);
    expect(theirs.body.subscribers.total).toBe(2);
    expect(theirs.body.topCustomers).toEqual([
      { id: expect.any(String), name: 'Alpha of B', subscribers: 2 },
    ]);
    expect(theirs.body.provisioning.requests).toBe(18);
    expect(theirs.body.provisioning.failures).toBe(4);
    expect(theirs.body.customersPerWeek.reduce((sum, week) => sum + week.count, 0)).toBe(1);

    // A template of another partner is not a filter this partner can use.
    const across = await analytics(otherAdmin, { templateId: first.id });
    expect(across.status).toBe(404);
    expect(namesField(across.error, 'templateId')).toBe(true);
    expect(across.text).not.toContain('Alpha');
  });

  it('answers read-only users, and nobody without a session', async () => {
    expect((await analytics(reader)).status).toBe(200);
    expect((await analytics(reader)).body.subscribers.total).toBe(19);

    const anonymous = await analytics(undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.error.trackingId).toBeTruthy();
  });

  it.each([
    [{ period: '1y' }, 'period'],
    [{ period: '30d', from: dateOf(10), to: dateOf(1) }, 'period'],
    [{ templateId: 'not-a-uuid' }, 'templateId'],
    [{ from: '2026-13-01', to: '2026-12-01' }, 'from'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
    [{ from: '1 December', to: '2026-12-01' }, 'from'],
    [{ from: dateOf(10) }, 'to'],
    [{ to: dateOf(10) }, 'from'],
    [{ from: dateOf(1), to: dateOf(10) }, 'to'],
    [{ from: dateOf(400), to: dateOf(0) }, 'to'],
    [{ partnerId: crypto.randomUUID() }, 'partnerId'],
  ])('refuses %j, naming %s', async (params, field) => {
    const { status, error } = await analytics(admin, params as Record<string, string>);

    expect(status).toBe(400);
    expect(namesField(error, field)).toBe(true);
    expect(error.trackingId).toBeTruthy();
  });

  it('names the field in the caller’s language', async () => {
    const response = await getAnalytics(
      apiRequest('/api/analytics?from=2026-02-30&to=2026-03-01', {
        cookie: admin.cookie,
        locale: 'nl',
      }),
      routeContext({}),
    );
    const { status, error } = await readAnswer(response);

    expect(status).toBe(400);
    expect(error.errors).toContainEqual({ field: 'from', description: 'from: Is ongeldig.' });
  });

  it.each([
    [{ period: '30d', from: '2026-03-01', to: '2026-03-02' }, 'period', 'niet allebei'],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'to', 'Mag niet voor de begindatum liggen.'],
    [{ from: '2024-01-01', to: '2026-03-01' }, 'to', 'hoogstens 366 dagen'],
  ])(
    'explains in the caller’s language why %j does not fit together',
    async (params, field, text) => {
      const response = await getAnalytics(
        apiRequest(`/api/analytics?${new URLSearchParams(params)}`, {
          cookie: admin.cookie,
          locale: 'nl',
        }),
        routeContext({}),
      );
      const { status, error } = await readAnswer(response);

      expect(status).toBe(400);
      const described = error.errors.find((detail) => detail.field === field);
      expect(described?.description).toContain(text);
    },
  );

  it('answers other methods with 405', async () => {
    for (const handler of [POST, DELETE]) {
      const response = await handler(
        apiRequest('/api/analytics', { method: 'POST', cookie: admin.cookie, body: {} }),
      );
      expect(response.status).toBe(405);
      expect(response.headers.get('Allow')).toBe('GET, HEAD');
    }
  });

  describe('once the days before today are summed', () => {
    let firstRollUp: Awaited<ReturnType<typeof rollUpRequestLog>>;

    beforeAll(async () => {
      firstRollUp = await prisma.$transaction((tx) => rollUpRequestLog(tx, todayNoon));
    });

    it('sums every past day once, for every partner', async () => {
      expect(firstRollUp.from).toBe(dateOf(45));
      expect(firstRollUp.until).toBe(dateOf(0));

      const again = await prisma.$transaction((tx) => rollUpRequestLog(tx, todayNoon));
      expect(again.rows).toBe(0);

      const days = await prisma.requestLogDaily.findMany({ orderBy: { id: 'asc' } });
      const summed = (partnerId: string) =>
        days
          .filter((day) => day.partnerId === partnerId)
          .reduce((sum, day) => sum + day.requests, 0);
      // Five days ago 4, two days ago 3, 45 days ago 6; today's requests are still in the log.
      expect(summed(admin.user.partnerId)).toBe(13);
      expect(summed(otherAdmin.user.partnerId)).toBe(0);
    });

    it('answers the same numbers from the sums and the log together', async () => {
      const month = await analytics(admin);
      expect(month.body.provisioning.requests).toBe(20);
      expect(month.body.provisioning.failures).toBe(6);
      expect(month.body.provisioning.perDay.filter((day) => day.requests > 0)).toEqual([
        { date: dateOf(5), requests: 4, failures: 1 },
        { date: dateOf(2), requests: 3, failures: 1 },
        { date: dateOf(0), requests: 13, failures: 4 },
      ]);
      expect(month.body.provisioning.failuresByErrorCode).toEqual([
        { errorCode: 'invalid_body', count: 3 },
        { errorCode: 'conflict', count: 1 },
        { errorCode: 'http_401', count: 1 },
        { errorCode: 'too_many_requests', count: 1 },
      ]);

      const template = await analytics(admin, { templateId: first.id, period: '90d' });
      expect(template.body.provisioning.requests).toBe(18);
      expect(template.body.provisioning.failures).toBe(4);

      const range = await analytics(admin, { from: dateOf(6), to: dateOf(3) });
      expect(range.body.provisioning.requests).toBe(4);

      const theirs = await analytics(otherAdmin);
      expect(theirs.body.provisioning.requests).toBe(18);
    });

    it('counts today’s new requests straight from the log', async () => {
      await logRequests(prisma, {
        partnerId: admin.user.partnerId,
        templateId: first.id,
        route: `/api/provisioning/${first.provisioningId}`,
        daysAgo: 0,
        count: 2,
        status: 503,
      });

      const { body } = await analytics(admin, { templateId: first.id });
      expect(body.provisioning.requests).toBe(14);
      expect(body.provisioning.failuresByErrorCode).toContainEqual({
        errorCode: 'http_503',
        count: 2,
      });
    });
  });
});
