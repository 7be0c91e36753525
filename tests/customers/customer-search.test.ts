import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GET as listCustomers } from '@/app/api/customers/route';
import type { CustomerPage } from '@/lib/customers/customer-search';
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
import {
  deprovisionUser,
  provisionUser,
  seedTemplate,
  settle,
  type ProvisionedUser,
  type SeededTemplate,
} from './customer-fixtures';

async function search(caller: SignedIn | undefined, params: Record<string, string | number>) {
  const query = new URLSearchParams(
    Object.entries(params).map(([name, value]) => [name, String(value)]),
  );
  const response = await listCustomers(
    apiRequest(`/api/customers?${query}`, { cookie: caller?.cookie }),
    routeContext({}),
  );
  return readAnswer<CustomerPage>(response);
}

describe('customer search', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let admin: SignedIn;
  let reader: SignedIn;
  let otherAdmin: SignedIn;
  let template: SeededTemplate;
  let otherTemplate: SeededTemplate;
  let bakery: { id: string; user: ProvisionedUser };
  let cafe: { id: string; user: ProvisionedUser };
  let otherCafe: { id: string; user: ProvisionedUser };

  const orgIdOf = async (subscriberId: string) =>
    (await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriberId } })).customerOrgId!;

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;

    const partnerId = (await seedPartner(prisma)).id;
    const otherPartnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    otherAdmin = await signInAs(prisma, { partnerId: otherPartnerId });
    template = await seedTemplate(prisma, { partnerId });
    otherTemplate = await seedTemplate(prisma, { partnerId: otherPartnerId });

    const bakeryUser = await provisionUser(template, {
      userId: 'hans@baeckerei.example',
      enterpriseId: 'ent-baeckerei',
      enterpriseName: 'Bäckerei Müller GmbH',
      email: 'Hans.Mueller@baeckerei.example',
    });
    const cafeUser = await provisionUser(template, {
      userId: 'Zon.Eigenaar@cafe.example',
      enterpriseId: 'ent-cafe',
      enterpriseName: 'Café de Zon',
      email: 'eigenaar@cafe.example',
    });
    // The other partner has a customer that looks the same in every searchable field.
    const otherCafeUser = await provisionUser(otherTemplate, {
      userId: 'Zon.Eigenaar@cafe.example',
      enterpriseId: 'ent-cafe',
      enterpriseName: 'Café de Zon',
      email: 'eigenaar@cafe.example',
    });
    await settle(prisma);

    bakery = { id: await orgIdOf(bakeryUser.subscriberId), user: bakeryUser };
    cafe = { id: await orgIdOf(cafeUser.subscriberId), user: cafeUser };
    otherCafe = { id: await orgIdOf(otherCafeUser.subscriberId), user: otherCafeUser };
  });
  afterAll(async () => {
    await database?.close();
    restoreEnv?.();
  });

  const found = (answer: { body: CustomerPage }) =>
    answer.body.items.map((item) => [item.id, item.matchedField]);

  it('lists every customer of the partner, newest first, with template, cluster and counts', async () => {
    const answer = await search(admin, {});

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ page: 1, pageSize: 25, total: 2 });
    expect(answer.body.items.map((item) => item.id)).toEqual([cafe.id, bakery.id]);
    expect(answer.body.items[0]).toEqual({
      id: cafe.id,
      orgId: cafe.id,
      name: 'Café de Zon',
      spEnterpriseId: 'ent-cafe',
      status: 'active',
      errorCode: null,
      errorReason: null,
      template: { id: template.id, name: template.name },
      cluster: { id: template.clusterId, name: template.clusterName },
      subscriberCounts: { softphone: 0, basic: 0, standard: 1, premium: 0 },
      subscriberTotal: 1,
      created: expect.any(String),
      updated: expect.any(String),
      matchedField: null,
    });
  });

  it.each([
    ['a part of the name', 'cafe de', 'name'],
    ['the name in another case and without accents', 'BACKEREI MULLER', 'name'],
    ['the name with accents the stored name lacks', 'ÄckErei', 'name'],
    ['the org ID', 'cafe.id', 'orgId'],
    ['the org ID in capitals without dashes', 'cafe.id:compact', 'orgId'],
    ['the enterprise ID', 'ent-cafe', 'spEnterpriseId'],
    ['a subscriber email in another case', 'EIGENAAR@cafe.example', 'email'],
    ['a BroadWorks user ID', 'Zon.Eigenaar@cafe.example', 'userId'],
    ['a BroadWorks user ID typed lowercase', 'hans@baeckerei.example', 'userId'],
    ['the TrackingID of the request that created it', 'cafe.trackingId', 'trackingId'],
  ])('finds a customer by %s, and nothing of the other partner', async (_kind, q, field) => {
    const value =
      q === 'cafe.id'
        ? cafe.id
        : q === 'cafe.id:compact'
          ? cafe.id.replaceAll('-', '').toUpperCase()
          : q === 'cafe.trackingId'
            ? cafe.user.trackingId
            : q;
    const expected =
      value.toLowerCase().includes('ckerei') || value.includes('hans') ? bakery : cafe;

    const answer = await search(admin, { q: value });

    expect(answer.status).toBe(200);
    expect(found(answer)).toEqual([[expected.id, field]]);
    expect(answer.body.total).toBe(1);
    expect(answer.text).not.toContain(otherCafe.id);
  });

  it('finds the other partner its own customer for the same search', async () => {
    for (const q of ['Café', 'ent-cafe', 'eigenaar@cafe.example', otherCafe.user.trackingId]) {
      const answer = await search(otherAdmin, { q });
      expect(
        answer.body.items.map((item) => item.id),
        q,
      ).toEqual([otherCafe.id]);
    }
  });

  it('finds nothing by another partner’s org ID or TrackingID', async () => {
    for (const q of [otherCafe.id, otherCafe.user.trackingId, bakery.user.trackingId]) {
      const caller = q === bakery.user.trackingId ? otherAdmin : admin;
      const answer = await search(caller, { q });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ items: [], total: 0 });
    }
  });

  it('finds a customer by the TrackingID of a flowthrough delete of one of its users', async () => {
    const leaver = { userId: `leaver-${uniqueSuffix()}@cafe.example`, enterpriseId: 'ent-cafe' };
    await provisionUser(template, leaver);
    const trackingId = await deprovisionUser(template, leaver.userId);
    expect(await prisma.subscriber.count({ where: { userId: leaver.userId } })).toBe(0);

    expect(found(await search(admin, { q: trackingId }))).toEqual([[cafe.id, 'trackingId']]);
    expect(found(await search(otherAdmin, { q: trackingId }))).toEqual([]);
  });

  it('takes LIKE wildcards in a search literally', async () => {
    for (const q of ['%', '_', 'caf_', '\\']) {
      const answer = await search(admin, { q });
      expect(answer.body.items, q).toEqual([]);
    }
  });

  it('shows the most specific match when a customer matches in several ways', async () => {
    await prisma.customerOrg.update({ where: { id: cafe.id }, data: { name: 'Café ent-cafe' } });
    try {
      const answer = await search(admin, { q: 'ent-cafe' });
      expect(found(answer)).toEqual([[cafe.id, 'spEnterpriseId']]);
    } finally {
      await prisma.customerOrg.update({ where: { id: cafe.id }, data: { name: 'Café de Zon' } });
    }
  });

  it('keeps the search column in step when a name changes', async () => {
    const renamed = `Ölraffinerie Øresund ${uniqueSuffix()}`;
    await prisma.customerOrg.update({ where: { id: bakery.id }, data: { name: renamed } });
    try {
      expect(found(await search(admin, { q: 'olraffinerie oresund' }))).toEqual([
        [bakery.id, 'name'],
      ]);
      expect((await search(admin, { q: 'müller' })).body.items).toEqual([]);
    } finally {
      await prisma.customerOrg.update({
        where: { id: bakery.id },
        data: { name: 'Bäckerei Müller GmbH' },
      });
    }
  });

  it('combines a search with the status and template filters', async () => {
    await prisma.customerOrg.update({
      where: { id: bakery.id },
      data: { status: 'error', errorCode: 'org_failed', errorReason: 'The cloud refused it.' },
    });
    try {
      const errors = await search(admin, { status: 'error' });
      expect(errors.body.items.map((item) => item.id)).toEqual([bakery.id]);
      expect(errors.body.items[0]).toMatchObject({
        status: 'error',
        errorCode: 'org_failed',
        errorReason: 'The cloud refused it.',
      });

      expect((await search(admin, { q: 'cafe', status: 'error' })).body.items).toEqual([]);
      expect((await search(admin, { templateId: template.id })).body.total).toBe(2);
      expect((await search(admin, { templateId: otherTemplate.id })).body.total).toBe(0);
    } finally {
      await prisma.customerOrg.update({
        where: { id: bakery.id },
        data: { status: 'active', errorCode: null, errorReason: null },
      });
    }
  });

  it('lets support staff search', async () => {
    const answer = await search(reader, { q: 'cafe' });
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((item) => item.id)).toEqual([cafe.id]);
  });

  it('refuses anonymous callers and malformed queries', async () => {
    expect((await search(undefined, {})).status).toBe(401);

    for (const params of [
      { sort: 'subscribers' },
      { direction: 'up' },
      { status: 'gone' },
      { templateId: 'not-a-uuid' },
      { page: 0 },
      { pageSize: 7 },
      { partnerId: otherCafe.id },
      { q: 'x'.repeat(201) },
    ] as Record<string, string | number>[]) {
      const answer = await search(admin, params);
      expect(answer.status, JSON.stringify(params)).toBe(400);
      expect(answer.error.trackingId).toEqual(expect.any(String));
    }
  });
});
