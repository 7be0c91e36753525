import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PrismaClient } from '@/lib/generated/prisma/client';
import { drainJobs } from '@/lib/jobs/worker';
import { provisionJobKind } from '@/lib/provisioning/job-kinds';
import { provisioningHandlers } from '@/lib/provisioning/jobs';

import { namesField, readAnswer } from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import {
  callPublicApi,
  issueToken,
  nextPageOf,
  publicApiBase,
  publicApiFetch,
  seedTemplate,
  subscriberInput,
  type PublicApiAnswer,
  type PublicApiCall,
  type SubscriberJson,
  type SubscriberPage,
} from '../support/public-api';
import { seedPartner, uniqueSuffix } from '../support/seed';

const subscribersPath = '/api/v1/broadworks/subscribers';
const enterprisesPath = '/api/v1/broadworks/enterprises';

const documentedFields = [
  'id',
  'userId',
  'spEnterpriseId',
  'firstName',
  'lastName',
  'email',
  'primaryPhoneNumber',
  'mobilePhoneNumber',
  'extension',
  'package',
  'status',
  'errors',
  'orgId',
  'provisioningId',
  'selfActivated',
  'created',
  'lastStatusChange',
];

/** An error answer without what differs per request, to compare two answers. */
function comparable(answer: Awaited<ReturnType<typeof callPublicApi>>) {
  const { trackingId: _trackingId, ...body } = answer.error;
  return { status: answer.status, body };
}

describe('public subscriber API', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let partnerId: string;
  let provisioningId: string;
  let token: string;

  beforeAll(async () => {
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    provisioningId = (await seedTemplate(prisma, { partnerId })).provisioningId;
    token = (await issueToken(prisma, { partnerId, scope: 'write' })).token;
  });
  afterAll(async () => database?.close());

  const work = () => drainJobs({ prisma, handlers: provisioningHandlers });

  const api = <Body = undefined>(path: string, call: PublicApiCall = {}) =>
    callPublicApi<Body>(path, { token, ...call });

  const create = (body: unknown) => api<SubscriberJson>(subscribersPath, { method: 'POST', body });

  const validate = (body: unknown) =>
    api<{ valid: boolean }>(`${subscribersPath}/validate`, { method: 'POST', body });

  const get = (id: string) => api<SubscriberJson>(`${subscribersPath}/${id}`);

  const update = (id: string, body: unknown) =>
    api<SubscriberJson>(`${subscribersPath}/${id}`, { method: 'PUT', body });

  const remove = (id: string) => api(`${subscribersPath}/${id}`, { method: 'DELETE' });

  const unfinishedProvisioning = () =>
    prisma.job.count({
      where: { kind: provisionJobKind.subscriber, status: { not: 'succeeded' } },
    });

  const counts = async () => ({
    subscribers: await prisma.subscriber.count(),
    orgs: await prisma.customerOrg.count(),
    jobs: await prisma.job.count(),
    audits: await prisma.auditEntry.count(),
  });

  async function provisioned(body: Record<string, unknown>) {
    const created = await create(body);
    expect(created.status).toBe(201);
    await work();

    return created.body;
  }

  describe('create', () => {
    it('answers 201 in status provisioning with every documented field', async () => {
      const input = subscriberInput(provisioningId, {
        spEnterpriseId: `ent-${uniqueSuffix()}`,
        email: `Anna.Jansen@ACME-${uniqueSuffix()}.example`,
      });

      const answer = await create(input);

      expect(answer.status).toBe(201);
      expect(Object.keys(answer.body).sort()).toEqual([...documentedFields].sort());
      expect(answer.body).toMatchObject({
        userId: input.userId,
        spEnterpriseId: input.spEnterpriseId,
        firstName: 'Anna',
        lastName: input.lastName,
        email: input.email.toLowerCase(),
        primaryPhoneNumber: '+31201234567',
        mobilePhoneNumber: '+31612345678',
        extension: '4567',
        package: 'standard',
        status: 'provisioning',
        errors: [],
        provisioningId,
        selfActivated: false,
      });
      expect(answer.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.body.orgId).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(answer.body.created).toISOString()).toBe(answer.body.created);
      expect(new Date(answer.body.lastStatusChange).toISOString()).toBe(
        answer.body.lastStatusChange,
      );

      const row = await prisma.subscriber.findUniqueOrThrow({ where: { id: answer.body.id } });
      expect(row).toMatchObject({
        partnerId,
        customerOrgId: answer.body.orgId,
        language: 'nl_NL',
        timezone: 'Europe/Amsterdam',
      });
      expect(
        await prisma.job.count({ where: { payload: { equals: { subscriberId: row.id } } } }),
      ).toBe(1);
      expect(
        await prisma.auditEntry.count({
          where: { action: 'subscriber.created', targetId: row.id },
        }),
      ).toBe(1);
    });

    it('reaches provisioned once the background work ran', async () => {
      const created = await create(subscriberInput(provisioningId));
      expect((await get(created.body.id)).body.status).toBe('provisioning');

      await work();

      const answer = await get(created.body.id);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: 'provisioned', errors: [] });
      expect(answer.body.orgId).toBe(created.body.orgId);
      expect(Date.parse(answer.body.lastStatusChange)).toBeGreaterThanOrEqual(
        Date.parse(created.body.lastStatusChange),
      );
      const org = await prisma.customerOrg.findUniqueOrThrow({ where: { id: answer.body.orgId! } });
      expect(org.status).toBe('active');
    });

    it('answers 200 with the same subscriber when it is created again', async () => {
      const input = subscriberInput(provisioningId);
      const first = await create(input);
      const before = await counts();

      const again = await create({ ...input, firstName: 'Changed' });

      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.firstName).toBe('Anna');
      expect(await counts()).toEqual(before);
    });

    it('answers 409 user_id_taken for the user ID under another enterprise or template', async () => {
      const input = subscriberInput(provisioningId);
      await create(input);
      const otherTemplate = await seedTemplate(prisma, { partnerId });
      const before = await counts();

      const otherEnterprise = await create({ ...input, spEnterpriseId: 'another-enterprise' });
      const otherProvisioningId = await create({
        ...input,
        provisioningId: otherTemplate.provisioningId,
      });

      for (const answer of [otherEnterprise, otherProvisioningId]) {
        expect(answer.status).toBe(409);
        expect(answer.error.errorCode).toBe('user_id_taken');
        expect(answer.error.errors[0]?.description).toBeTruthy();
      }
      expect(await counts()).toEqual(before);
    });

    it('turns 200 concurrent identical creates into one subscriber, without a 5xx', async () => {
      const input = subscriberInput(provisioningId, { spEnterpriseId: `burst-${uniqueSuffix()}` });

      const answers = await Promise.all(Array.from({ length: 200 }, () => create(input)));

      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(199);
      const rows = await prisma.subscriber.findMany({ where: { userId: input.userId } });
      expect(rows).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.body.id))).toEqual(new Set([rows[0]!.id]));
      expect(
        await prisma.customerOrg.count({ where: { spEnterpriseId: input.spEnterpriseId } }),
      ).toBe(1);
      expect(
        await prisma.job.count({ where: { payload: { equals: { subscriberId: rows[0]!.id } } } }),
      ).toBe(1);
      expect(
        await prisma.auditEntry.count({
          where: { action: 'subscriber.created', targetId: rows[0]!.id },
        }),
      ).toBe(1);
    });

    it('needs an email for a template that trusts the BroadWorks email', async () => {
      const before = await counts();

      const withoutEmail = await create(subscriberInput(provisioningId, { email: undefined }));
      const emptyEmail = await create(subscriberInput(provisioningId, { email: '' }));

      for (const answer of [withoutEmail, emptyEmail]) {
        expect(answer.status).toBe(400);
        expect(namesField(answer.error, 'email')).toBe(true);
      }
      expect(await counts()).toEqual(before);
    });

    it('waits for email validation on a template that does not trust emails', async () => {
      const untrusted = await seedTemplate(prisma, { partnerId, emailTrust: 'untrusted' });

      const created = await create(subscriberInput(untrusted.provisioningId));
      await work();

      expect(created.status).toBe(201);
      expect((await get(created.body.id)).body.status).toBe('pending_email_validation');
    });

    it('names each invalid field of a create and writes nothing', async () => {
      const before = await counts();

      const answer = await create({
        provisioningId,
        userId: 'has space',
        spEnterpriseId: '',
        firstName: '',
        lastName: 'x'.repeat(65),
        package: 'gold',
        email: 'not-an-email',
        primaryPhoneNumber: 'call me',
        extension: 'ext',
        language: 'Dutch',
      });

      expect(answer.status).toBe(400);
      for (const field of [
        'userId',
        'spEnterpriseId',
        'firstName',
        'lastName',
        'package',
        'email',
        'primaryPhoneNumber',
        'extension',
        'language',
      ]) {
        expect(namesField(answer.error, field), field).toBe(true);
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses fields the client may not write, and bodies that are not JSON', async () => {
      const before = await counts();

      for (const extra of [
        { status: 'provisioned' },
        { id: randomUUID() },
        { orgId: randomUUID() },
        { partnerId: randomUUID() },
        { selfActivated: true },
      ]) {
        const answer = await create({ ...subscriberInput(provisioningId), ...extra });

        expect(answer.status, Object.keys(extra)[0]).toBe(400);
        expect(namesField(answer.error, Object.keys(extra)[0]!)).toBe(true);
      }
      const asText = await api(subscribersPath, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: subscriberInput(provisioningId),
      });
      const broken = await readAnswer(
        await publicApiFetch(`${publicApiBase}/subscribers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{"provisioningId": ',
        }),
      );
      expect(asText.status).toBe(415);
      expect(broken.status).toBe(400);
      expect(await counts()).toEqual(before);
    });
  });

  describe('validate', () => {
    it('accepts a subscriber that would provision and writes nothing', async () => {
      const input = subscriberInput(provisioningId, { spEnterpriseId: `new-${uniqueSuffix()}` });
      const before = await counts();

      const answer = await validate(input);

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ valid: true });
      expect(await counts()).toEqual(before);
      expect(await prisma.subscriber.count({ where: { userId: input.userId } })).toBe(0);
    });

    it('reports the same errors as create would', async () => {
      const taken = subscriberInput(provisioningId);
      await create(taken);
      const manual = await seedTemplate(prisma, { partnerId, createOrgsAutomatically: false });
      const cases: Record<string, unknown> = {
        'missing email': subscriberInput(provisioningId, { email: undefined }),
        'unknown field': { ...subscriberInput(provisioningId), status: 'provisioned' },
        'bad number': subscriberInput(provisioningId, { mobilePhoneNumber: 'mobile' }),
        'unknown provisioning ID': subscriberInput('no-such-template'),
        'user ID taken': { ...taken, spEnterpriseId: 'elsewhere' },
        'no customer organisation': subscriberInput(manual.provisioningId),
      };
      const before = await counts();

      for (const [name, body] of Object.entries(cases)) {
        const checked = await validate(body);
        const created = await create(body);

        expect(checked.status, name).toBeGreaterThanOrEqual(400);
        expect(comparable(checked), name).toEqual(comparable(created));
      }
      expect(await counts()).toEqual(before);
    });
    it('finds an email domain that belongs to another customer, as the background would', async () => {
      const owner = subscriberInput(provisioningId, { spEnterpriseId: 'owner' });
      await provisioned(owner);
      const domain = owner.email.split('@')[1];
      const colleague = subscriberInput(provisioningId, {
        spEnterpriseId: 'owner',
        email: `colleague@${domain}`,
      });
      const intruder = subscriberInput(provisioningId, {
        spEnterpriseId: 'intruder',
        email: `intruder@${domain}`,
      });
      const before = await counts();

      const fine = await validate(colleague);
      const taken = await validate(intruder);
      const webmail = await validate({ ...intruder, email: 'someone@gmail.com' });

      expect([fine.status, webmail.status]).toEqual([200, 200]);
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ errorCode: 'email_domain_taken' });
      expect(await counts()).toEqual(before);

      const created = await create(intruder);
      await work();
      const row = await get(created.body.id);
      expect(row.body.errors).toEqual([
        expect.objectContaining({ errorCode: 'email_domain_taken' }),
      ]);
    });
  });

  describe('update', () => {
    it('moves a provisioned subscriber to updating, then back to provisioned', async () => {
      const subscriber = await provisioned(subscriberInput(provisioningId));
      expect((await get(subscriber.id)).body.status).toBe('provisioned');

      const answer = await update(subscriber.id, { package: 'premium', mobilePhoneNumber: '' });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        id: subscriber.id,
        package: 'premium',
        status: 'updating',
        mobilePhoneNumber: null,
        primaryPhoneNumber: subscriber.primaryPhoneNumber,
      });
      const row = await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
      expect(row).toMatchObject({
        package: 'premium',
        mobilePhoneNumber: null,
        status: 'updating',
      });

      await work();

      const after = await get(subscriber.id);
      expect(after.body).toMatchObject({ status: 'provisioned', package: 'premium' });
      expect(after.body.mobilePhoneNumber).toBeNull();
      expect(await unfinishedProvisioning()).toBe(0);
    });

    it('gives each of many concurrent updates its own change, each with its job', async () => {
      const subscriber = await provisioned(subscriberInput(provisioningId));
      const before = await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });

      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          update(subscriber.id, { extension: String(100 + index) }),
        ),
      );

      expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
      const row = await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
      expect(row.changeSequence).toBe(before.changeSequence + BigInt(12));
      const jobs = await prisma.job.count({
        where: { dedupeKey: { startsWith: `subscriber:${subscriber.id}:change:` } },
      });
      expect(jobs).toBe(13);
    });

    it('starts a subscriber in error again', async () => {
      const subscriber = await provisioned(subscriberInput(provisioningId));
      await prisma.subscriber.update({
        where: { id: subscriber.id },
        data: { status: 'error', errors: [{ errorCode: 'provisioning_failed', description: 'x' }] },
      });

      const answer = await update(subscriber.id, { package: 'basic' });
      expect(answer.body).toMatchObject({ status: 'provisioning', errors: [] });
      await work();

      expect((await get(subscriber.id)).body).toMatchObject({
        status: 'provisioned',
        package: 'basic',
      });
    });

    it('applies an update only to the version named in If-Match, else answers 412', async () => {
      const subscriber = await provisioned(subscriberInput(provisioningId));
      const read = await get(subscriber.id);
      const etag = read.headers.get('etag')!;
      const path = `${subscribersPath}/${subscriber.id}`;
      const put = (body: unknown, ifMatch?: string) =>
        api<SubscriberJson>(path, {
          method: 'PUT',
          body,
          headers: ifMatch ? { 'if-match': ifMatch } : {},
        });

      const first = await put({ extension: '201' }, etag);
      const stale = await put({ extension: '202' }, etag);
      const unconditional = await put({ lastName: 'Zonder' });

      expect(etag).toMatch(/^"\d+"$/);
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).not.toBe(etag);
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ trackingId: expect.any(String) });
      expect(unconditional.status).toBe(200);
      const row = await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
      expect(row).toMatchObject({ extension: '201', lastName: 'Zonder' });
      expect((await get(subscriber.id)).headers.get('etag')).toBe(
        unconditional.headers.get('etag'),
      );
    });

    it('changes names, numbers and time zone', async () => {
      const subscriber = await provisioned(subscriberInput(provisioningId));

      const answer = await update(subscriber.id, {
        firstName: 'Anne',
        lastName: 'de Vries',
        primaryPhoneNumber: '+31207654321',
        mobilePhoneNumber: '+31687654321',
        extension: '99',
        timezone: 'Europe/Brussels',
      });
      await work();

      expect(answer.status).toBe(200);
      const row = await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
      expect(row).toMatchObject({
        firstName: 'Anne',
        lastName: 'de Vries',
        primaryPhoneNumber: '+31207654321',
        mobilePhoneNumber: '+31687654321',
        extension: '99',
        timezone: 'Europe/Brussels',
        status: 'provisioned',
      });
    });

    it('refuses an empty change, unknown or read-only fields, and leaves the row alone', async () => {
      const subscriber = await provisioned(subscriberInput(provisioningId));
      const before = await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });

      const empty = await update(subscriber.id, {});
      const refused = [
        ['email', { email: 'new@acme.example' }],
        ['status', { status: 'error' }],
        ['userId', { userId: 'someone-else' }],
        ['provisioningId', { provisioningId: 'other' }],
        ['primaryPhoneNumber', { primaryPhoneNumber: 'none' }],
        ['package', { package: 'gold' }],
      ] as const;

      expect(empty.status).toBe(400);
      for (const [field, body] of refused) {
        const answer = await update(subscriber.id, { package: 'basic', ...body });

        expect(answer.status, field).toBe(400);
        expect(namesField(answer.error, field), field).toBe(true);
      }
      expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toEqual(
        before,
      );
    });

    it('answers 404 for a subscriber that does not exist', async () => {
      expect((await update(randomUUID(), { package: 'basic' })).status).toBe(404);
      expect((await update('not-an-id', { package: 'basic' })).status).toBe(404);
    });
  });

  describe('delete', () => {
    it('answers 204, then 404 on every later call', async () => {
      const subscriber = await provisioned(subscriberInput(provisioningId));
      const { customerOrgId, userId } = await prisma.subscriber.findUniqueOrThrow({
        where: { id: subscriber.id },
      });

      const first = await remove(subscriber.id);
      const second = await remove(subscriber.id);

      expect(first.status).toBe(204);
      expect(first.text).toBe('');
      expect(second.status).toBe(404);
      expect(second.error.trackingId).toBe(second.trackingId);
      expect((await get(subscriber.id)).status).toBe(404);
      expect(await prisma.subscriber.count({ where: { id: subscriber.id } })).toBe(0);
      const entries = await prisma.auditEntry.findMany({
        where: { action: 'subscriber.deleted', targetId: subscriber.id },
      });
      expect(entries).toHaveLength(1);
      // What still leads from the request to the customer once the subscriber is gone.
      expect(entries[0]!.trackingId).toBe(first.trackingId);
      expect(entries[0]!.details).toEqual({ userId, customerOrgId });
    });

    it('lets queued work for a deleted subscriber finish quietly', async () => {
      const created = await create(subscriberInput(provisioningId));
      await update(created.body.id, { package: 'basic' });

      expect((await remove(created.body.id)).status).toBe(204);
      await work();

      expect(await unfinishedProvisioning()).toBe(0);
    });

    it('answers 404 to concurrent repeated deletes after the first, never a 5xx', async () => {
      const subscriber = await provisioned(subscriberInput(provisioningId));

      const answers = await Promise.all(Array.from({ length: 10 }, () => remove(subscriber.id)));

      expect(answers.map((answer) => answer.status).sort()).toEqual([
        204,
        ...Array.from({ length: 9 }, () => 404),
      ]);
    });
  });

  describe('lists', () => {
    let listToken: string;
    let first: { provisioningId: string; ids: string[] };
    let second: { provisioningId: string; ids: string[] };
    let bulk: { provisioningId: string; ids: string[]; createdAt: Date[] };
    let failedId: string;
    let waitingId: string;
    let selfActivatedId: string;
    let mixedCaseEmail: string;

    const list = (query: string) =>
      callPublicApi<SubscriberPage>(`${subscribersPath}?${query}`, { token: listToken });

    const idsOf = (answer: { body: SubscriberPage }) =>
      answer.body.items.map((item) => item.id).sort();

    beforeAll(async () => {
      const listPartnerId = (await seedPartner(prisma)).id;
      listToken = (await issueToken(prisma, { partnerId: listPartnerId, scope: 'read' })).token;
      const writer = (await issueToken(prisma, { partnerId: listPartnerId })).token;
      const createFor = async (input: Record<string, unknown>) => {
        const answer = await callPublicApi<SubscriberJson>(subscribersPath, {
          method: 'POST',
          token: writer,
          body: input,
        });
        expect(answer.status).toBe(201);
        return answer.body.id;
      };

      const templateOne = await seedTemplate(prisma, { partnerId: listPartnerId });
      const templateTwo = await seedTemplate(prisma, { partnerId: listPartnerId });
      mixedCaseEmail = `Mixed.Case.${uniqueSuffix()}@Acme.example`;
      first = { provisioningId: templateOne.provisioningId, ids: [] };
      for (const email of [mixedCaseEmail, undefined, undefined]) {
        const input = subscriberInput(templateOne.provisioningId, { spEnterpriseId: 'alpha' });
        first.ids.push(await createFor(email ? { ...input, email } : input));
      }
      second = { provisioningId: templateTwo.provisioningId, ids: [] };
      for (let index = 0; index < 2; index++) {
        const input = subscriberInput(templateTwo.provisioningId, { spEnterpriseId: 'beta' });
        second.ids.push(await createFor(input));
      }
      await work();

      failedId = first.ids[1]!;
      await prisma.subscriber.update({
        where: { id: failedId },
        data: {
          status: 'error',
          errors: [{ errorCode: 'customer_org_failed', description: 'It failed.' }],
        },
      });
      selfActivatedId = first.ids[2]!;
      await prisma.subscriber.update({
        where: { id: selfActivatedId },
        data: { selfActivated: true },
      });
      waitingId = await createFor(
        subscriberInput(templateTwo.provisioningId, {
          spEnterpriseId: 'beta',
        }),
      );

      // Written directly, so that several share one creation time: the paging must still
      // hand out each of them once.
      const templateThree = await seedTemplate(prisma, { partnerId: listPartnerId });
      const base = Date.parse('2030-01-01T00:00:00.000Z');
      const createdAt = Array.from(
        { length: 60 },
        (_, index) => new Date(base + Math.floor(index / 4) * 1000),
      );
      await prisma.subscriber.createMany({
        data: createdAt.map((at, index) => ({
          partnerId: listPartnerId,
          templateId: templateThree.id,
          userId: `bulk-${index}-${uniqueSuffix()}@broadworks.example`,
          spEnterpriseId: 'gamma',
          firstName: 'Bulk',
          lastName: `Subscriber ${index}`,
          package: 'basic',
          status: 'provisioned',
          createdAt: at,
        })),
      });
      const rows = await prisma.subscriber.findMany({
        where: { templateId: templateThree.id },
        select: { id: true, createdAt: true },
      });
      bulk = {
        provisioningId: templateThree.provisioningId,
        ids: rows.map((row) => row.id),
        createdAt: rows.map((row) => row.createdAt),
      };
    });

    it('filters by a comma-separated list of statuses', async () => {
      const settled = await list(`status=provisioned,error&provisioningId=${first.provisioningId}`);
      const failed = await list('status=error');
      const waiting = await list('status=provisioning');
      const unknown = await list('status=provisioned,done');

      expect(settled.status).toBe(200);
      expect(idsOf(settled)).toEqual([...first.ids].sort());
      expect(idsOf(failed)).toEqual([failedId]);
      expect(failed.body.items[0]!.errors).toEqual([
        { errorCode: 'customer_org_failed', description: 'It failed.' },
      ]);
      expect(idsOf(waiting)).toEqual([waitingId]);
      expect(unknown.status).toBe(400);
      expect(namesField(unknown.error, 'status')).toBe(true);
    });

    it('filters by email, whatever its case', async () => {
      const answer = await list(`email=${encodeURIComponent(mixedCaseEmail.toUpperCase())}`);

      expect(idsOf(answer)).toEqual([first.ids[0]]);
      expect(answer.body.items[0]!.email).toBe(mixedCaseEmail.toLowerCase());
    });

    it('filters by enterprise, provisioning ID, user ID and self-activation', async () => {
      const byEnterprise = await list('spEnterpriseId=beta');
      const byTemplate = await list(`provisioningId=${second.provisioningId}`);
      const byBoth = await list(`spEnterpriseId=alpha&provisioningId=${second.provisioningId}`);
      const selfActivated = await list('selfActivated=true');
      const userId = (await prisma.subscriber.findUniqueOrThrow({ where: { id: first.ids[0]! } }))
        .userId;
      const byUserId = await list(`userId=${encodeURIComponent(userId)}`);

      expect(idsOf(byEnterprise)).toEqual([...second.ids, waitingId].sort());
      expect(idsOf(byTemplate)).toEqual([...second.ids, waitingId].sort());
      expect(byBoth.body.items).toEqual([]);
      expect(idsOf(selfActivated)).toEqual([selfActivatedId]);
      expect(selfActivated.body.items[0]!.selfActivated).toBe(true);
      expect(idsOf(byUserId)).toEqual([first.ids[0]]);
    });

    it('filters by creation time with after', async () => {
      const after = [...bulk.createdAt].sort((a, b) => a.getTime() - b.getTime())[40]!;

      const answer = await list(
        `provisioningId=${bulk.provisioningId}&max=100&after=${after.toISOString()}`,
      );

      const expected = bulk.createdAt.filter((at) => at.getTime() > after.getTime()).length;
      expect(answer.status).toBe(200);
      expect(answer.body.items).toHaveLength(expected);
      for (const item of answer.body.items) {
        expect(Date.parse(item.created)).toBeGreaterThan(after.getTime());
      }
    });

    it('keeps max between 1 and 100, 50 when not given', async () => {
      for (const max of ['0', '101', '-1', 'ten', '2.5']) {
        const answer = await list(`max=${max}`);

        expect(answer.status, max).toBe(400);
        expect(namesField(answer.error, 'max'), max).toBe(true);
      }
      const byDefault = await list(`provisioningId=${bulk.provisioningId}`);
      const largest = await list(`provisioningId=${bulk.provisioningId}&max=100`);
      const smallest = await list(`provisioningId=${bulk.provisioningId}&max=1`);

      expect(byDefault.body.items).toHaveLength(50);
      expect(nextPageOf(byDefault.headers)).toBeTruthy();
      expect(largest.body.items).toHaveLength(60);
      expect(nextPageOf(largest.headers)).toBeNull();
      expect(smallest.body.items).toHaveLength(1);
    });

    it('refuses unknown query parameters and a cursor it did not hand out', async () => {
      const unknown = await list('partnerId=whatever');
      const forged = await list('cursor=not-a-cursor');

      expect(unknown.status).toBe(400);
      expect(namesField(unknown.error, 'partnerId')).toBe(true);
      expect(forged.status).toBe(400);
      expect(namesField(forged.error, 'cursor')).toBe(true);
    });

    it('points Link at the public address of the app, whatever host the request reached', async () => {
      const restore = setEnv({ APP_BASE_URL: 'https://hub.partner.example/' });
      try {
        const page = await callPublicApi<SubscriberPage>(
          `http://10.0.0.7:3000${subscribersPath}?provisioningId=${bulk.provisioningId}&max=2`,
          { token: listToken },
        );

        const next = new URL(nextPageOf(page.headers)!);
        expect(next.origin).toBe('https://hub.partner.example');
        expect(next.pathname).toBe(subscribersPath);
        expect(next.searchParams.get('max')).toBe('2');
        expect(next.searchParams.get('cursor')).toBeTruthy();
      } finally {
        restore();
      }
    });

    it('hands out every subscriber exactly once when following Link to the end', async () => {
      for (const max of [1, 7, 60]) {
        const seen: string[] = [];
        let next: string | null =
          `${subscribersPath}?provisioningId=${bulk.provisioningId}&max=${max}`;
        let pages = 0;

        while (next) {
          const page: PublicApiAnswer<SubscriberPage> = await callPublicApi(next, {
            token: listToken,
          });
          expect(page.status).toBe(200);
          expect(page.body.items.length).toBeLessThanOrEqual(max);
          seen.push(...page.body.items.map((item) => item.id));
          pages++;

          next = nextPageOf(page.headers);
          if (next)
            expect(new URL(next).searchParams.get('provisioningId')).toBe(bulk.provisioningId);
        }

        expect(seen, `max=${max}`).toHaveLength(60);
        expect(new Set(seen)).toEqual(new Set(bulk.ids));
        expect(pages).toBe(Math.ceil(60 / max));
      }
    });

    it('pages through the whole partner in creation order', async () => {
      const seen: SubscriberJson[] = [];
      let next: string | null = `${subscribersPath}?max=4`;

      while (next) {
        const page: PublicApiAnswer<SubscriberPage> = await callPublicApi(next, {
          token: listToken,
        });
        seen.push(...page.body.items);
        next = nextPageOf(page.headers);
      }

      const all = [...first.ids, ...second.ids, waitingId, ...bulk.ids];
      expect(seen).toHaveLength(all.length);
      expect(new Set(seen.map((item) => item.id))).toEqual(new Set(all));
      const created = seen.map((item) => Date.parse(item.created));
      expect(created).toEqual([...created].sort((a, b) => a - b));
    });

    it('lists customer organisations by enterprise prefix', async () => {
      const byPrefix = await callPublicApi<{ items: Record<string, unknown>[] }>(
        `${enterprisesPath}?startsWith=al`,
        { token: listToken },
      );
      const exact = await callPublicApi<{ items: Record<string, unknown>[] }>(
        `${enterprisesPath}?spEnterpriseId=beta`,
        { token: listToken },
      );
      const everything = await callPublicApi<{ items: Record<string, unknown>[] }>(
        `${enterprisesPath}?max=1000`,
        { token: listToken },
      );
      const one = await callPublicApi<{ items: unknown[] }>(`${enterprisesPath}?max=1`, {
        token: listToken,
      });

      expect(byPrefix.status).toBe(200);
      expect(byPrefix.body.items).toHaveLength(1);
      expect(byPrefix.body.items[0]).toMatchObject({
        spEnterpriseId: 'alpha',
        provisioningId: first.provisioningId,
        status: 'active',
      });
      expect(byPrefix.body.items[0]!.orgId).toMatch(/^[0-9a-f-]{36}$/);
      expect(exact.body.items.map((item) => item.provisioningId)).toEqual([second.provisioningId]);
      expect(everything.body.items.map((item) => item.spEnterpriseId)).toEqual(['alpha', 'beta']);
      expect(one.body.items).toHaveLength(1);
      for (const max of ['0', '1001']) {
        const answer = await callPublicApi(`${enterprisesPath}?max=${max}`, { token: listToken });

        expect(answer.status, max).toBe(400);
        expect(namesField(answer.error, 'max')).toBe(true);
      }
    });
  });
});
