import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GET as listCustomers } from '@/app/api/customers/route';
import type { CustomerPage } from '@/lib/customers/customer-search';
import { customerSorts } from '@/lib/customers/schemas';
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
import { seedPartner } from '../support/seed';
import { seedTemplate } from './customer-fixtures';

const customerCount = 60;
const statusOrder = ['provisioning', 'active', 'error'];

describe('customer list paging and sorting', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let admin: SignedIn;
  let allIds: string[];

  async function list(params: Record<string, string | number>) {
    const query = new URLSearchParams(
      Object.entries(params).map(([name, value]) => [name, String(value)]),
    );
    const response = await listCustomers(
      apiRequest(`/api/customers?${query}`, { cookie: admin.cookie }),
      routeContext({}),
    );
    const answer = await readAnswer<CustomerPage>(response);
    expect(answer.status, answer.text).toBe(200);
    return answer.body;
  }

  async function walk(params: Record<string, string>) {
    const items: CustomerPage['items'] = [];
    for (let page = 1; ; page++) {
      const body = await list({ ...params, page, pageSize: 25 });
      expect(body.total).toBe(customerCount);
      items.push(...body.items);
      if (body.items.length < 25) return items;
    }
  }

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;

    const partnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    const templates = [
      await seedTemplate(prisma, { partnerId, templateName: 'Alpha template' }),
      await seedTemplate(prisma, { partnerId, templateName: 'Beta template' }),
    ];

    // Many customers share a name and a creation time, so that only the tie-break orders them.
    const sameMoment = new Date('2026-11-01T10:00:00.000Z');
    await prisma.customerOrg.createMany({
      data: Array.from({ length: customerCount }, (_, index) => ({
        partnerId,
        templateId: templates[index % 2]!.id,
        name: index % 3 === 0 ? 'Gelijke Naam B.V.' : `Klant ${String(index).padStart(2, '0')}`,
        spEnterpriseId: `ent-${index}`,
        status: statusOrder[index % 3] as 'provisioning' | 'active' | 'error',
        createdAt: index % 4 === 0 ? sameMoment : new Date(sameMoment.getTime() + index * 1000),
      })),
    });
    allIds = (await prisma.customerOrg.findMany({ where: { partnerId }, select: { id: true } }))
      .map((org) => org.id)
      .sort();
  });
  afterAll(async () => {
    await database?.close();
    restoreEnv?.();
  });

  it.each(customerSorts)(
    'pages through every customer once, sorted by %s either way',
    async (sort) => {
      const ascending = await walk({ sort, direction: 'asc' });
      const descending = await walk({ sort, direction: 'desc' });
      const ids = ascending.map((item) => item.id);

      expect([...ids].sort()).toEqual(allIds);
      expect(descending.map((item) => item.id)).toEqual([...ids].reverse());
      expect((await walk({ sort, direction: 'asc' })).map((item) => item.id)).toEqual(ids);

      const keys = ascending.map((item) =>
        sort === 'created'
          ? item.created
          : sort === 'status'
            ? statusOrder.indexOf(item.status)
            : sort === 'template'
              ? item.template.name
              : sort === 'cluster'
                ? item.cluster.name
                : item.name.toLowerCase(),
      );
      if (sort === 'created' || sort === 'status') {
        expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
      // Within equal keys the id decides, so that equal rows cannot swap between pages.
      const fullKeys = ascending.map((item, index) =>
        sort === 'name' || sort === 'created' ? keys[index] : `${keys[index]}|${item.name}`,
      );
      for (let index = 1; index < ascending.length; index++) {
        if (fullKeys[index] === fullKeys[index - 1]) {
          expect(ascending[index]!.id > ascending[index - 1]!.id).toBe(true);
        }
      }
    },
  );

  it('pages through search results the same way', async () => {
    const all = (await list({ q: 'naam', pageSize: 100 })).items;
    const paged: string[] = [];
    for (let page = 1; page <= 2; page++) {
      const body = await list({ q: 'naam', pageSize: 25, page, sort: 'created' });
      expect(body.total).toBe(20);
      paged.push(...body.items.map((item) => item.id));
    }

    expect(all).toHaveLength(20);
    expect(new Set(paged).size).toBe(20);
    expect([...paged].sort()).toEqual(all.map((item) => item.id).sort());
  });

  it('answers an empty page past the end with the total', async () => {
    expect(await list({ page: 4, pageSize: 25 })).toMatchObject({ items: [], total: 60 });
    expect(await list({ q: 'naam', page: 3, pageSize: 25 })).toMatchObject({
      items: [],
      total: 20,
    });
  });
});
