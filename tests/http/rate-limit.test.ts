import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase, replaceDatabase } from '@/lib/db/database';
import { enforceRateLimit, flushRateLimitCounts } from '@/lib/http/rate-limit';
import { POST } from '@/app/api/provisioning/[provisioningId]/route';

import { createTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { callPublicApi, issueToken, publicApiBase } from '../support/public-api';
import {
  flowthroughPassword,
  seedFlowthroughTemplate,
  seedPartner,
  uniqueSuffix,
} from '../support/seed';

const password = flowthroughPassword;

/**
 * Runs the describe block on a database of its own, the app's for the time, with these limits
 * per minute: limiters are made per database, with the limits of the moment.
 */
function withLimits(
  limits: { credential: number; address: number },
  opened: (database: TestDatabase) => void,
) {
  let database: TestDatabase;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = setEnv({
      RATE_LIMIT_CREDENTIAL_PER_MINUTE: String(limits.credential),
      RATE_LIMIT_ADDRESS_PER_MINUTE: String(limits.address),
    });
    database = await createTestDatabase();
    replaceDatabase(database);
    opened(database);
  });
  afterAll(async () => {
    restoreEnv();
    replaceDatabase(undefined);
    await database.close();
  });
}

describe('rate limits', () => {
  let database: TestDatabase;
  withLimits({ credential: 3, address: 1000 }, (opened) => (database = opened));

  const seedTemplate = () => seedFlowthroughTemplate(database.prisma);

  function flowthroughAdd(provisioningId: string, userId: string) {
    const request = new NextRequest(`http://localhost:3000/api/provisioning/${provisioningId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`broadworks:${password}`).toString('base64')}`,
        'x-client-ip': '192.0.2.10',
      },
      body: JSON.stringify({
        operation: 'add',
        user: {
          userId,
          serviceProviderId: 'sp',
          enterpriseId: 'acme',
          firstName: 'Rita',
          lastName: 'Limit',
          email: userId,
        },
      }),
    });
    return POST(request, { params: Promise.resolve({ provisioningId }) });
  }

  it('answers 429 with Retry-After once a credential is over its limit, and records nothing', async () => {
    const template = await seedTemplate();

    const statuses = [];
    for (let index = 0; index < 4; index++) {
      statuses.push(
        (await flowthroughAdd(template.provisioningId, `u${index}@acme.example`)).status,
      );
    }
    const refused = await flowthroughAdd(template.provisioningId, 'late@acme.example');
    const body = await refused.json();

    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(body.trackingId).toBeTruthy();
    const userIds = await database.prisma.subscriber.findMany({
      where: { templateId: template.id },
      select: { userId: true },
    });
    expect(userIds.map((row) => row.userId).sort()).toEqual(
      ['u0@acme.example', 'u1@acme.example', 'u2@acme.example'].sort(),
    );
  });

  it('keeps separate counts per credential', async () => {
    const other = await seedTemplate();

    expect((await flowthroughAdd(other.provisioningId, 'first@acme.example')).status).toBe(202);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'shares the counts between instances through the database',
    async () => {
      const key = `shared-${uniqueSuffix()}`;
      const secondInstance = openDatabase({ kind: 'postgres', url: database.url! });

      try {
        enforceRateLimit('credential', key);
        enforceRateLimit('credential', key);
        // Instances share their counts with every flush, a fraction of a second apart.
        await flushRateLimitCounts();
        replaceDatabase(secondInstance);
        enforceRateLimit('credential', key);
        await flushRateLimitCounts();
        expect(() => enforceRateLimit('credential', key)).toThrow(
          expect.objectContaining({ status: 429 }),
        );
        await flushRateLimitCounts();
      } finally {
        replaceDatabase(database);
        await secondInstance.close();
      }

      const row = await database.prisma.rateLimit.findUnique({
        where: { key: `credential:${key}` },
      });
      expect(row?.points).toBe(3);
    },
  );
});

describe('rate limits per client address and per API token', () => {
  let database: TestDatabase;
  withLimits({ credential: 3, address: 4 }, (opened) => (database = opened));

  const listFrom = (token: string, address: string) =>
    callPublicApi(`${publicApiBase}/subscribers`, { token, headers: { 'x-client-ip': address } });

  it('refuses an address over its limit whatever token it uses, and no other address', async () => {
    const { id: partnerId } = await seedPartner(database.prisma);
    const tokens = await Promise.all(
      [1, 2].map(async () => (await issueToken(database.prisma, { partnerId })).token),
    );

    const statuses = [];
    for (const token of [...tokens, ...tokens, tokens[0]!]) {
      statuses.push((await listFrom(token, '192.0.2.20')).status);
    }
    const elsewhere = await listFrom(tokens[1]!, '192.0.2.21');

    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(elsewhere.status).toBe(200);
  });

  it('refuses a token over its limit from any address', async () => {
    const { id: partnerId } = await seedPartner(database.prisma);
    const { token } = await issueToken(database.prisma, { partnerId });

    const answers = [];
    for (const address of ['192.0.2.30', '192.0.2.31', '192.0.2.32', '192.0.2.33']) {
      answers.push(await listFrom(token, address));
    }

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
