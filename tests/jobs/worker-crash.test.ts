import { spawn } from 'node:child_process';
import { once } from 'node:events';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { recordAudit } from '@/lib/audit/record-audit';
import { enqueueJob } from '@/lib/jobs/queue';
import { drainJobs } from '@/lib/jobs/worker';

import { createTestDatabase, type TestDatabase } from '../support/database';

// Another process has to reach the same database, which only a PostgreSQL server allows.
describe.skipIf(!process.env.DATABASE_URL)('a worker process killed in the middle of a job', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('leaves the job to the next worker after its lease, which completes it exactly once', async () => {
    await enqueueJob(database.prisma, { kind: 'test.slow', payload: {} });
    const job = await database.prisma.job.findFirstOrThrow();

    const worker = spawn(process.execPath, ['--import', 'tsx', 'tests/support/slow-worker.ts'], {
      env: { ...process.env, DATABASE_URL: database.url, LEASE_MS: '1000', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect
      .poll(() => output, { timeout: 30_000, interval: 100 })
      .toContain(`started ${job.id}`);

    worker.kill('SIGKILL');
    await once(worker, 'exit');

    const effectsOf = () =>
      database.prisma.auditEntry.count({ where: { targetId: String(job.id) } });
    expect(await effectsOf()).toBe(0);

    const recover = () =>
      drainJobs({
        prisma: database.prisma,
        workerId: 'survivor',
        handlers: {
          'test.slow': async (claimed, tx) => {
            await recordAudit(tx, {
              partnerId: null,
              actorLabel: 'survivor',
              action: 'test.job_ran',
              targetType: 'job',
              targetId: String(claimed.id),
              outcome: 'success',
              trackingId: 'job',
            });
          },
        },
      });
    await expect.poll(recover, { timeout: 10_000, interval: 200 }).toBe(1);

    const done = await database.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, lockedBy: 'survivor' });
    expect(await effectsOf()).toBe(1);
  }, 60_000);
});
