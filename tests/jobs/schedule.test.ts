import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Database } from '@/lib/db/database';
import { enqueueDuePeriodicJobs, periodKey } from '@/lib/jobs/schedule';

import { createTestDatabase } from '../support/database';

describe('periodic jobs', () => {
  let database: Database & { close(): Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.close();
  });

  it('queues one job per period however many workers ask', async () => {
    const daily = { kind: 'test.daily', everyMs: 86_400_000 };
    const now = Date.UTC(2026, 11, 3, 12);

    await Promise.all(
      Array.from({ length: 5 }, () => enqueueDuePeriodicJobs(database.prisma, [daily], now)),
    );
    await enqueueDuePeriodicJobs(database.prisma, [daily], now + 3_600_000);
    expect(await database.prisma.job.count({ where: { kind: 'test.daily' } })).toBe(1);

    await enqueueDuePeriodicJobs(database.prisma, [daily], now + 86_400_000);
    const keys = await database.prisma.job.findMany({
      where: { kind: 'test.daily' },
      select: { dedupeKey: true },
      orderBy: { id: 'asc' },
    });
    expect(keys.map((job) => job.dedupeKey)).toEqual([
      periodKey(daily, now),
      periodKey(daily, now + 86_400_000),
    ]);
  });
});
