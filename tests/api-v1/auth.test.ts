import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PrismaClient } from '@/lib/generated/prisma/client';

import { signInAs, useTestSecrets, namesField } from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import {
  callPublicApi,
  issueToken,
  seedTemplate,
  subscriberInput,
  type SubscriberJson,
  type SubscriberPage,
} from '../support/public-api';
import { seedPartner, seedPartnerData } from '../support/seed';

const subscribersPath = '/api/v1/broadworks/subscribers';

describe('public API authentication and tenancy', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let partnerId: string;
  let provisioningId: string;
  let writeToken: string;
  let readToken: string;
  let own: SubscriberJson;
  let other: Awaited<ReturnType<typeof seedPartnerData>>;

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    provisioningId = (await seedTemplate(prisma, { partnerId })).provisioningId;
    writeToken = (await issueToken(prisma, { partnerId, scope: 'write' })).token;
    readToken = (await issueToken(prisma, { partnerId, scope: 'read' })).token;
    other = await seedPartnerData(prisma);

    const created = await callPublicApi<SubscriberJson>(subscribersPath, {
      method: 'POST',
      token: writeToken,
      body: subscriberInput(provisioningId),
    });
    expect(created.status).toBe(201);
    own = created.body;
  });
  afterAll(async () => {
    restoreEnv?.();
    await database?.close();
  });

  const otherSubscriberPath = () => `${subscribersPath}/${other.subscriber.id}`;

  function expectBearerChallenge(answer: Awaited<ReturnType<typeof callPublicApi>>) {
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(answer.error.message).toBeTruthy();
    expect(answer.error.errors[0]?.description).toBeTruthy();
    expect(answer.error.trackingId).toBe(answer.trackingId);
  }

  describe('who gets in', () => {
    it('answers 401 with a Bearer challenge to a call without credentials', async () => {
      const answers = [
        await callPublicApi(subscribersPath),
        await callPublicApi(`${subscribersPath}/${own.id}`),
        await callPublicApi('/api/v1/broadworks/enterprises'),
        await callPublicApi(subscribersPath, {
          method: 'POST',
          body: subscriberInput(provisioningId),
        }),
        await callPublicApi(`${subscribersPath}/validate`, {
          method: 'POST',
          body: subscriberInput(provisioningId),
        }),
      ];

      for (const answer of answers) expectBearerChallenge(answer);
      expect(await prisma.subscriber.count({ where: { partnerId } })).toBe(1);
    });

    it('answers 401 to an unknown, a revoked and an expired token', async () => {
      const revoked = await issueToken(prisma, { partnerId, scope: 'write' });
      await prisma.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
      const expired = await issueToken(prisma, { partnerId, scope: 'write' });
      await prisma.apiToken.update({
        where: { id: expired.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const unknown = `phub_${'A'.repeat(43)}`;

      for (const token of [unknown, revoked.token, expired.token, `${writeToken}x`]) {
        expectBearerChallenge(await callPublicApi(subscribersPath, { token }));
        expectBearerChallenge(
          await callPublicApi(subscribersPath, {
            method: 'POST',
            token,
            body: subscriberInput(provisioningId),
          }),
        );
      }
      expect(await prisma.subscriber.count({ where: { partnerId } })).toBe(1);
      const rows = await prisma.apiToken.findMany({
        where: { id: { in: [revoked.id, expired.id] } },
      });
      expect(rows.map((row) => row.lastUsedAt)).toEqual([null, null]);
    });

    it('stops accepting a token the moment it expires', async () => {
      const issued = await issueToken(prisma, { partnerId, scope: 'read', expiresInDays: 7 });
      expect((await callPublicApi(subscribersPath, { token: issued.token })).status).toBe(200);

      await prisma.apiToken.update({ where: { id: issued.id }, data: { expiresAt: new Date() } });

      expectBearerChallenge(await callPublicApi(subscribersPath, { token: issued.token }));
    });

    it('refuses a token in the query string, even next to a valid header', async () => {
      for (const parameter of ['access_token', 'token']) {
        const answer = await callPublicApi(`${subscribersPath}?${parameter}=${writeToken}`, {
          token: writeToken,
        });

        expectBearerChallenge(answer);
        expect(answer.text).not.toContain(writeToken);
      }
      const onlyInUrl = await callPublicApi(`${subscribersPath}?access_token=${writeToken}`);
      expectBearerChallenge(onlyInUrl);
    });

    it('does not take a valid session cookie for a token', async () => {
      const admin = await signInAs(prisma, { partnerId });

      const list = await callPublicApi(subscribersPath, { headers: { cookie: admin.cookie } });
      const create = await callPublicApi(subscribersPath, {
        method: 'POST',
        headers: { cookie: admin.cookie, origin: 'http://localhost:3000' },
        body: subscriberInput(provisioningId),
      });

      expectBearerChallenge(list);
      expectBearerChallenge(create);
      expect(await prisma.subscriber.count({ where: { partnerId } })).toBe(1);
    });

    it('refuses other schemes in the Authorization header', async () => {
      const basic = Buffer.from(`token:${writeToken}`).toString('base64');

      for (const authorization of [`Basic ${basic}`, writeToken, `Bearer`, `Token ${writeToken}`]) {
        expectBearerChallenge(await callPublicApi(subscribersPath, { headers: { authorization } }));
      }
    });

    it('records when a token was last used', async () => {
      const issued = await issueToken(prisma, { partnerId, scope: 'read' });
      expect(
        (await prisma.apiToken.findUniqueOrThrow({ where: { id: issued.id } })).lastUsedAt,
      ).toBeNull();
      const before = Date.now();

      expect((await callPublicApi(subscribersPath, { token: issued.token })).status).toBe(200);

      const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: issued.id } });
      expect(row.lastUsedAt).not.toBeNull();
      expect(row.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(row.lastUsedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('answers 405 with Allow to a valid token using an unsupported method', async () => {
      const answer = await callPublicApi(subscribersPath, { method: 'PATCH', token: readToken });

      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toContain('GET');
      expect(answer.headers.get('allow')).toContain('POST');
      expect(answer.error.trackingId).toBeTruthy();
      expectBearerChallenge(await callPublicApi(subscribersPath, { method: 'PATCH' }));
    });
  });

  describe('read scope', () => {
    it('may read, list and precheck', async () => {
      const list = await callPublicApi<SubscriberPage>(subscribersPath, { token: readToken });
      const single = await callPublicApi<SubscriberJson>(`${subscribersPath}/${own.id}`, {
        token: readToken,
      });
      const enterprises = await callPublicApi('/api/v1/broadworks/enterprises', {
        token: readToken,
      });
      const validate = await callPublicApi(`${subscribersPath}/validate`, {
        method: 'POST',
        token: readToken,
        body: subscriberInput(provisioningId),
      });

      expect(list.status).toBe(200);
      expect(list.body.items.map((item) => item.id)).toEqual([own.id]);
      expect(single.status).toBe(200);
      expect(single.body.id).toBe(own.id);
      expect(enterprises.status).toBe(200);
      expect(validate.status).toBe(200);
    });

    it('may not create, change or delete, and nothing changes', async () => {
      const rowBefore = await prisma.subscriber.findUniqueOrThrow({ where: { id: own.id } });
      const counts = async () => ({
        subscribers: await prisma.subscriber.count(),
        jobs: await prisma.job.count(),
        audits: await prisma.auditEntry.count({ where: { action: { startsWith: 'subscriber.' } } }),
      });
      const countsBefore = await counts();

      const answers = [
        await callPublicApi(subscribersPath, {
          method: 'POST',
          token: readToken,
          body: subscriberInput(provisioningId),
        }),
        await callPublicApi(`${subscribersPath}/${own.id}`, {
          method: 'PUT',
          token: readToken,
          body: { package: 'premium' },
        }),
        await callPublicApi(`${subscribersPath}/${own.id}`, { method: 'DELETE', token: readToken }),
      ];

      for (const answer of answers) {
        expect(answer.status).toBe(403);
        expect(answer.headers.get('www-authenticate')).toContain('insufficient_scope');
        expect(answer.error.errors[0]?.description).toBeTruthy();
      }
      expect(await prisma.subscriber.findUniqueOrThrow({ where: { id: own.id } })).toEqual(
        rowBefore,
      );
      expect(await counts()).toEqual(countsBefore);
    });
  });

  describe('partner isolation', () => {
    it('answers 404 for another partner’s subscriber and leaves it untouched', async () => {
      const rowBefore = await prisma.subscriber.findUniqueOrThrow({
        where: { id: other.subscriber.id },
      });

      const answers = [
        await callPublicApi(otherSubscriberPath(), { token: writeToken }),
        await callPublicApi(otherSubscriberPath(), {
          method: 'PUT',
          token: writeToken,
          body: { package: 'premium', mobilePhoneNumber: '' },
        }),
        await callPublicApi(otherSubscriberPath(), { method: 'DELETE', token: writeToken }),
      ];

      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(answer.text).not.toContain(other.subscriber.userId);
      }
      expect(
        await prisma.subscriber.findUniqueOrThrow({ where: { id: other.subscriber.id } }),
      ).toEqual(rowBefore);
      expect(await prisma.job.count({ where: { partnerId: other.partner.id } })).toBe(1);
      expect(
        await prisma.auditEntry.count({
          where: { partnerId: other.partner.id, action: { startsWith: 'subscriber.' } },
        }),
      ).toBe(0);
    });

    it('lists only the caller’s own subscribers and customer organisations', async () => {
      const everything = await callPublicApi<SubscriberPage>(`${subscribersPath}?max=100`, {
        token: readToken,
      });
      const byUserId = await callPublicApi<SubscriberPage>(
        `${subscribersPath}?userId=${encodeURIComponent(other.subscriber.userId)}`,
        { token: readToken },
      );
      const byTemplate = await callPublicApi<SubscriberPage>(
        `${subscribersPath}?provisioningId=${other.template.provisioningId}`,
        { token: readToken },
      );
      const enterprises = await callPublicApi<{ items: { orgId: string }[] }>(
        `/api/v1/broadworks/enterprises?spEnterpriseId=${other.customerOrg.spEnterpriseId}`,
        { token: readToken },
      );

      expect(everything.body.items.length).toBeGreaterThan(0);
      expect(everything.body.items.map((item) => item.id)).not.toContain(other.subscriber.id);
      expect(everything.body.items.every((item) => item.provisioningId === provisioningId)).toBe(
        true,
      );
      expect(byUserId.body.items).toEqual([]);
      expect(byTemplate.body.items).toEqual([]);
      expect(enterprises.status).toBe(200);
      expect(enterprises.body.items).toEqual([]);
    });

    it('refuses another partner’s provisioning ID as unknown, creating nothing', async () => {
      const counts = async () => ({
        subscribers: await prisma.subscriber.count(),
        orgs: await prisma.customerOrg.count(),
        jobs: await prisma.job.count(),
      });
      const countsBefore = await counts();
      const body = subscriberInput(other.template.provisioningId, {
        spEnterpriseId: other.customerOrg.spEnterpriseId,
      });

      const create = await callPublicApi(subscribersPath, {
        method: 'POST',
        token: writeToken,
        body,
      });
      const validate = await callPublicApi(`${subscribersPath}/validate`, {
        method: 'POST',
        token: writeToken,
        body,
      });

      for (const answer of [create, validate]) {
        expect(answer.status).toBe(400);
        expect(namesField(answer.error, 'provisioningId')).toBe(true);
        expect(answer.text).not.toContain(other.template.name);
      }
      expect(await counts()).toEqual(countsBefore);
    });

    it('gives the caller its own subscriber when the user ID exists at another partner', async () => {
      const otherRow = await prisma.subscriber.findUniqueOrThrow({
        where: { id: other.subscriber.id },
      });

      const answer = await callPublicApi<SubscriberJson>(subscribersPath, {
        method: 'POST',
        token: writeToken,
        body: subscriberInput(provisioningId, {
          userId: other.subscriber.userId,
          spEnterpriseId: other.subscriber.spEnterpriseId,
        }),
      });

      expect(answer.status).toBe(201);
      expect(answer.body.id).not.toBe(other.subscriber.id);
      expect(answer.body.provisioningId).toBe(provisioningId);
      const created = await prisma.subscriber.findUniqueOrThrow({ where: { id: answer.body.id } });
      expect(created.partnerId).toBe(partnerId);
      expect(
        await prisma.subscriber.findUniqueOrThrow({ where: { id: other.subscriber.id } }),
      ).toEqual(otherRow);
    });
  });
});
