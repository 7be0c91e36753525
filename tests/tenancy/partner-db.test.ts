import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import {
  partnerDb,
  partnerScopedModels,
  systemModels,
  TenancyViolation,
  type PartnerDb,
} from '@/lib/tenancy/partner-db';

import { parseDatamodel } from '../support/datamodel';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedPartnerData, uniqueSuffix } from '../support/seed';

type PartnerData = Awaited<ReturnType<typeof seedPartnerData>>;

interface AnyDelegate {
  findMany(args?: object): Promise<{ id: unknown; partnerId: string | null }[]>;
  count(args?: object): Promise<number>;
}

const delegateOf = (client: PrismaClient | PartnerDb, model: string) =>
  (client as unknown as Record<string, AnyDelegate>)[model[0]!.toLowerCase() + model.slice(1)]!;

/** Everything partner B has, read past the tenancy scope. */
async function everythingOf(prisma: PrismaClient, partnerId: string) {
  const rows: Record<string, unknown> = {
    Partner: await prisma.partner.findUnique({ where: { id: partnerId } }),
  };
  for (const model of partnerScopedModels) {
    rows[model] = await delegateOf(prisma, model).findMany({
      where: { partnerId },
      orderBy: { id: 'asc' },
    });
  }
  return rows;
}

function newUser(): Omit<Prisma.UserUncheckedCreateInput, 'partnerId'> {
  const suffix = uniqueSuffix();
  return {
    email: `new-${suffix}@partner.example`,
    name: `New ${suffix}`,
    passwordHash: 'no password',
    role: 'read_only',
  };
}

describe('partnerDb', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let a: PartnerData;
  let b: PartnerData;
  let scoped: PartnerDb;
  let bBefore: Awaited<ReturnType<typeof everythingOf>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = database.prisma;
  });
  afterAll(async () => database?.close());

  beforeEach(async () => {
    a = await seedPartnerData(prisma);
    b = await seedPartnerData(prisma);
    scoped = partnerDb(a.partner.id, prisma);
    bBefore = await everythingOf(prisma, b.partner.id);
  });

  const expectPartnerBUntouched = async () =>
    expect(await everythingOf(prisma, b.partner.id)).toEqual(bBefore);

  it('seeds a row of every partner-scoped model, so the checks below cover them all', () => {
    for (const model of partnerScopedModels) {
      expect(bBefore[model], model).not.toEqual([]);
    }
  });

  it.each(partnerScopedModels)('%s: findMany and count only see the own partner', async (model) => {
    const rows = await delegateOf(scoped, model).findMany();
    const ownCount = await delegateOf(prisma, model).count({ where: { partnerId: a.partner.id } });

    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.partnerId === a.partner.id)).toBe(true);
    expect(await delegateOf(scoped, model).count()).toBe(ownCount);
    const askingForB = await delegateOf(scoped, model).findMany({
      where: { partnerId: b.partner.id },
    });
    expect(askingForB.filter((row) => row.partnerId !== a.partner.id)).toEqual([]);
  });

  it('finds nothing by the id of another partner’s row', async () => {
    expect(await scoped.user.findUnique({ where: { id: b.users[0]!.id } })).toBeNull();
    expect(await scoped.cluster.findFirst({ where: { id: b.cluster.id } })).toBeNull();
    expect(await scoped.partner.findUnique({ where: { id: b.partner.id } })).toBeNull();
    expect(await scoped.user.findUnique({ where: { id: a.users[0]!.id } })).not.toBeNull();
  });

  it('update and delete by the id of another partner’s row fail and change nothing', async () => {
    await expect(
      scoped.user.update({ where: { id: b.users[0]!.id }, data: { name: 'Taken over' } }),
    ).rejects.toMatchObject({ code: 'P2025' });
    await expect(scoped.user.delete({ where: { id: b.users[0]!.id } })).rejects.toMatchObject({
      code: 'P2025',
    });
    await expect(
      scoped.partner.update({ where: { id: b.partner.id }, data: { name: 'Taken over' } }),
    ).rejects.toMatchObject({ code: 'P2025' });

    await expectPartnerBUntouched();
  });

  it('updateMany and deleteMany touch only the own partner’s rows', async () => {
    const renamed = await scoped.user.updateMany({ data: { name: 'Renamed' } });
    const removed = await scoped.auditEntry.deleteMany({});
    const removedSubscribers = await scoped.subscriber.deleteMany({
      where: { customerOrgId: { in: [a.customerOrg.id, b.customerOrg.id] } },
    });
    const removedOrgs = await scoped.customerOrg.deleteMany({
      where: { id: { in: [a.customerOrg.id, b.customerOrg.id] } },
    });

    expect(renamed.count).toBe(a.users.length);
    expect(removed.count).toBe(2);
    expect(removedSubscribers.count).toBe(1);
    expect(removedOrgs.count).toBe(1);
    expect(await prisma.auditEntry.count({ where: { partnerId: a.partner.id } })).toBe(0);
    await expectPartnerBUntouched();
  });

  it('upsert keyed by another partner’s row creates in the own partner instead', async () => {
    const created = await scoped.user.upsert({
      where: { id: b.users[0]!.id },
      create: { ...newUser() } as Prisma.UserUncheckedCreateInput,
      update: { name: 'Taken over' },
    });

    expect(created.partnerId).toBe(a.partner.id);
    await expectPartnerBUntouched();
  });

  it('refuses a create naming another partner and fills in the own one', async () => {
    await expect(
      scoped.user.create({ data: { ...newUser(), partnerId: b.partner.id } }),
    ).rejects.toThrow(TenancyViolation);
    await expect(
      scoped.user.createMany({ data: [{ ...newUser(), partnerId: b.partner.id }] }),
    ).rejects.toThrow(TenancyViolation);

    const created = await scoped.user.create({
      data: newUser() as Prisma.UserUncheckedCreateInput,
    });

    expect(created.partnerId).toBe(a.partner.id);
    await expectPartnerBUntouched();
  });

  it('refuses to move a row to another partner through an update', async () => {
    await expect(
      scoped.user.update({ where: { id: a.users[0]!.id }, data: { partnerId: b.partner.id } }),
    ).rejects.toThrow(TenancyViolation);
    await expect(
      scoped.user.update({
        where: { id: a.users[0]!.id },
        data: { partner: { connect: { id: b.partner.id } } },
      }),
    ).rejects.toThrow(TenancyViolation);

    expect(await prisma.user.findUnique({ where: { id: a.users[0]!.id } })).toMatchObject({
      partnerId: a.partner.id,
    });
  });

  it('refuses to attach another partner’s rows through a nested write', async () => {
    const attempts = [
      scoped.partner.update({
        where: { id: a.partner.id },
        data: { users: { connect: { id: b.users[0]!.id } } },
      }),
      scoped.customerTemplate.update({
        where: { id: a.template.id },
        data: { cluster: { connect: { id: b.cluster.id } } },
      }),
    ];

    for (const attempt of attempts) await expect(attempt).rejects.toThrow(TenancyViolation);
    await expectPartnerBUntouched();
  });

  it('keeps the scope inside an interactive transaction', async () => {
    const users = await scoped.$transaction((tx) => tx.user.findMany());

    expect(users.map((user) => user.id).sort()).toEqual(a.users.map((user) => user.id).sort());
  });

  it('does not reach system models or list partners', async () => {
    await expect(scoped.signInFailure.findMany()).rejects.toThrow(TenancyViolation);
    await expect(scoped.signInFailure.create({ data: { key: 'account:x' } })).rejects.toThrow(
      TenancyViolation,
    );
    await expect(scoped.partner.findMany()).rejects.toThrow(TenancyViolation);
    await expect(scoped.partner.deleteMany()).rejects.toThrow(TenancyViolation);
  });

  it('scopes every model that has a partnerId, and classifies every model', () => {
    const { models } = parseDatamodel();
    const scopedNames: readonly string[] = partnerScopedModels;
    const systemNames: readonly string[] = systemModels;

    const withPartnerId = models
      .filter((model) => model.fields.some((field) => field.name === 'partnerId'))
      .map((model) => model.name);
    const unclassified = models
      .map((model) => model.name)
      .filter(
        (name) => name !== 'Partner' && !scopedNames.includes(name) && !systemNames.includes(name),
      );

    // A system model may name a partner (a job knows whose work it is) but is only ever
    // reached by system code; everything else that names a partner must be scoped.
    const unscoped = withPartnerId.filter(
      (name) => !scopedNames.includes(name) && !systemNames.includes(name),
    );
    expect(unscoped).toEqual([]);
    expect(unclassified).toEqual([]);
    expect(scopedNames.filter((name) => systemNames.includes(name))).toEqual([]);
  });
});
