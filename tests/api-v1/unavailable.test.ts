import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { installTestDatabase, type TestDatabase } from '../support/database';
import { callPublicApi, issueToken } from '../support/public-api';
import { seedPartner } from '../support/seed';

// Only a PostgreSQL server has a connection pool to run dry; PGlite queues every query.
describe.skipIf(!process.env.DATABASE_URL)('public API with every connection taken', () => {
  let database: TestDatabase;
  let token: string;

  beforeAll(async () => {
    database = await installTestDatabase();
    const partnerId = (await seedPartner(database.prisma)).id;
    token = (await issueToken(database.prisma, { partnerId, scope: 'read' })).token;
  });
  afterAll(async () => database?.close());

  it('answers 503 with Retry-After, then serves again once connections are free', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: Promise<void>[] = [];
    const holders = Array.from({ length: 5 }, () => {
      let begun = () => {};
      started.push(new Promise<void>((resolve) => (begun = resolve)));
      return database.prisma.$transaction(
        async () => {
          begun();
          await gate;
        },
        { timeout: 30_000, maxWait: 30_000 },
      );
    });
    await Promise.all(started);

    const busy = await callPublicApi('/api/v1/broadworks/subscribers', { token });
    release();
    await Promise.all(holders);
    const after = await callPublicApi('/api/v1/broadworks/subscribers', { token });

    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(busy.error.trackingId).toBe(busy.trackingId);
    expect(busy.text).not.toMatch(/timeout exceeded|pg-pool|at /);
    expect(after.status).toBe(200);
  });
});
