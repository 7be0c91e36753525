import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import * as retryRoute from '@/app/api/customers/[id]/subscribers/[subscriberId]/retry/route';
import { GET as listCustomers } from '@/app/api/customers/route';
import type { CustomerPage } from '@/lib/customers/customer-search';
import * as subscriberRoute from '@/app/api/customers/[id]/subscribers/[subscriberId]/route';
import type { CustomerSubscriberView } from '@/lib/customers/customer-detail';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { newTrackingId } from '@/lib/observability/request-context';

import {
  apiRequest,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { seedPartner } from '../support/seed';
import { provisionUser, seedTemplate, settle, type SeededTemplate } from './customer-fixtures';

type Action = 'retry' | 'change' | 'remove' | 'read';

describe('subscriber actions on the customer page', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let admin: SignedIn;
  let reader: SignedIn;
  let otherAdmin: SignedIn;
  let template: SeededTemplate;
  let counter = 0;

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;

    const partnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    otherAdmin = await signInAs(prisma, { partnerId: (await seedPartner(prisma)).id });
    template = await seedTemplate(prisma, { partnerId });
  });
  afterAll(async () => {
    await database?.close();
    restoreEnv?.();
  });

  beforeEach(() => {
    counter++;
  });

  /** A provisioned customer, and a second one whose user is in error: its domain is taken. */
  async function seedCustomers() {
    const domain = `taken${counter}.example`;
    const owner = await provisionUser(template, {
      userId: `owner${counter}@${domain}`,
      enterpriseId: `ent-owner-${counter}`,
      email: `owner@${domain}`,
    });
    await settle(prisma);
    const failing = await provisionUser(template, {
      userId: `late${counter}@${domain}`,
      enterpriseId: `ent-late-${counter}`,
      email: `late@${domain}`,
    });
    await settle(prisma);

    const read = async (subscriberId: string) =>
      prisma.subscriber.findUniqueOrThrow({ where: { id: subscriberId } });
    return {
      owner: {
        id: owner.subscriberId,
        customerId: (await read(owner.subscriberId)).customerOrgId!,
      },
      failing: {
        id: failing.subscriberId,
        customerId: (await read(failing.subscriberId)).customerOrgId!,
      },
      read,
    };
  }

  async function act(
    action: Action,
    target: { id: string; customerId: string },
    options: { caller?: SignedIn; body?: unknown; trackingId?: string } = {},
  ) {
    const path = `/api/customers/${target.customerId}/subscribers/${target.id}`;
    const request = (method: string, suffix = '', body?: unknown) =>
      apiRequest(`${path}${suffix}`, {
        method,
        cookie: (options.caller ?? admin).cookie,
        body,
        headers: options.trackingId ? { 'x-tracking-id': options.trackingId } : undefined,
      });
    const context = routeContext({ id: target.customerId, subscriberId: target.id });

    const response =
      action === 'retry'
        ? await retryRoute.POST(request('POST', '/retry'), context)
        : action === 'change'
          ? await subscriberRoute.PATCH(
              request('PATCH', '', options.body ?? { package: 'premium' }),
              context,
            )
          : action === 'remove'
            ? await subscriberRoute.DELETE(request('DELETE'), context)
            : await subscriberRoute.GET(request('GET'), context);
    return readAnswer<CustomerSubscriberView>(response);
  }

  const auditCount = () => prisma.auditEntry.count();
  const jobsOf = (subscriberId: string) =>
    prisma.job.findMany({ where: { payload: { equals: { subscriberId } } } });

  it('retries a subscriber in error through a new provisioning job', async () => {
    const { owner, failing, read } = await seedCustomers();
    expect((await read(failing.id)).status).toBe('error');
    const jobsBefore = (await jobsOf(failing.id)).length;
    const entriesBefore = await auditCount();
    const trackingId = newTrackingId();

    const answer = await act('retry', failing, { trackingId });

    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ id: failing.id, status: 'provisioning', errors: [] });
    expect(answer.body.trackingId).toBe(trackingId);
    expect(await jobsOf(failing.id)).toHaveLength(jobsBefore + 1);
    expect(await auditCount()).toBe(entriesBefore + 1);
    expect(await prisma.auditEntry.findFirstOrThrow({ where: { trackingId } })).toMatchObject({
      action: 'subscriber.retried',
      targetType: 'subscriber',
      targetId: failing.id,
      actorUserId: admin.user.id,
      details: expect.objectContaining({ customerOrgId: failing.customerId }),
    });

    // The domain still belongs to the other customer: the work fails the same way again.
    await settle(prisma);
    expect((await read(failing.id)).status).toBe('error');

    // Once the owner is removed, a retry provisions the subscriber.
    expect((await act('remove', owner)).status).toBe(204);
    expect((await act('retry', failing)).status).toBe(202);
    await settle(prisma);
    expect((await act('read', failing)).body.status).toBe('provisioned');
  });

  it('refuses to retry a subscriber that is not in error', async () => {
    const { owner } = await seedCustomers();
    const entriesBefore = await auditCount();

    const answer = await act('retry', owner);

    expect(answer.status).toBe(409);
    expect(answer.error).toMatchObject({ reason: 'not_in_error', status: 'provisioned' });
    expect(await auditCount()).toBe(entriesBefore);
  });

  it('changes the package: updating until the job is done, then provisioned', async () => {
    const { owner, read } = await seedCustomers();
    const entriesBefore = await auditCount();

    const answer = await act('change', owner, { body: { package: 'basic' } });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ package: 'basic', status: 'updating' });
    expect(await auditCount()).toBe(entriesBefore + 1);
    await settle(prisma);
    expect(await read(owner.id)).toMatchObject({ package: 'basic', status: 'provisioned' });

    // The same package again changes nothing and records nothing.
    const again = await act('change', owner, { body: { package: 'basic' } });
    expect(again.body.status).toBe('provisioned');
    expect(await auditCount()).toBe(entriesBefore + 1);
  });

  it('validates the package change strictly', async () => {
    const { owner, read } = await seedCustomers();

    for (const body of [{ package: 'gold' }, { package: 'basic', status: 'provisioned' }, {}]) {
      const answer = await act('change', owner, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect((await read(owner.id)).package).toBe('standard');
  });

  it('removes a subscriber once, with one audit entry about its customer', async () => {
    const { owner } = await seedCustomers();
    const entriesBefore = await auditCount();
    const trackingId = newTrackingId();

    expect((await act('remove', owner, { trackingId })).status).toBe(204);
    expect(await prisma.subscriber.findUnique({ where: { id: owner.id } })).toBeNull();
    expect(await auditCount()).toBe(entriesBefore + 1);
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { action: 'subscriber.removed', targetId: owner.customerId },
    });
    expect(entry.details).toMatchObject({ subscriberId: owner.id });

    expect((await act('remove', owner)).status).toBe(404);
    expect(await auditCount()).toBe(entriesBefore + 1);

    // The subscriber is gone, yet the TrackingID of its removal still finds its customer.
    const search = await listCustomers(
      apiRequest(`/api/customers?q=${trackingId}`, { cookie: reader.cookie }),
      routeContext({}),
    );
    const found = await readAnswer<CustomerPage>(search);
    expect(found.body.items.map((item) => [item.id, item.matchedField])).toEqual([
      [owner.customerId, 'trackingId'],
    ]);
  });

  it.each(['retry', 'change', 'remove'] as const)(
    'refuses %s to support staff with 403 and changes nothing',
    async (action) => {
      const { failing, read } = await seedCustomers();
      const before = await read(failing.id);
      const entriesBefore = await auditCount();

      const answer = await act(action, failing, { caller: reader });

      expect(answer.status).toBe(403);
      expect(answer.error.trackingId).toEqual(expect.any(String));
      expect(await read(failing.id)).toEqual(before);
      expect(await auditCount()).toBe(entriesBefore);
    },
  );

  it.each(['retry', 'change', 'remove', 'read'] as const)(
    'answers %s of another partner’s subscriber with 404 and leaves it untouched',
    async (action) => {
      const { failing, read } = await seedCustomers();
      const before = await read(failing.id);
      const entriesBefore = await auditCount();

      const answer = await act(action, failing, { caller: otherAdmin });

      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain(failing.id);
      expect(await read(failing.id)).toEqual(before);
      expect(await auditCount()).toBe(entriesBefore);
    },
  );

  it('answers 404 when the subscriber belongs to another customer of the partner', async () => {
    const { owner, failing, read } = await seedCustomers();
    const mixed = { id: failing.id, customerId: owner.customerId };

    for (const action of ['retry', 'change', 'remove', 'read'] as const) {
      expect((await act(action, mixed)).status, action).toBe(404);
    }
    expect((await read(failing.id)).status).toBe('error');
  });
});
