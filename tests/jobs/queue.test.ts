import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { recordAudit } from '@/lib/audit/record-audit';
import type { Database } from '@/lib/db/database';
import {
  claimJobs,
  completeJob,
  enqueueJob,
  LeaseLost,
  PermanentJobError,
  retryDelayMs,
  type JobFailure,
  type JobRecord,
} from '@/lib/jobs/queue';
import { drainJobs, type JobHandler } from '@/lib/jobs/worker';

import { createTestDatabase } from '../support/database';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** The observable effect of a job: one audit entry naming it, written in its transaction. */
const recordEffect: JobHandler = async (job, tx) => {
  await recordAudit(tx, {
    partnerId: null,
    actorLabel: 'worker',
    action: 'test.job_ran',
    targetType: 'job',
    targetId: String(job.id),
    outcome: 'success',
    trackingId: 'job',
  });
};

describe('job queue', () => {
  let database: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  beforeEach(async () => {
    await database.prisma.job.deleteMany();
    await database.prisma.auditEntry.deleteMany();
  });

  async function effectsOf(jobId: bigint): Promise<number> {
    return database.prisma.auditEntry.count({ where: { targetId: String(jobId) } });
  }

  async function makeDue(): Promise<void> {
    await database.prisma.job.updateMany({
      where: { status: 'queued' },
      data: { runAt: new Date(0) },
    });
  }

  it('queues work with a dedupe key once, however often it is asked for', async () => {
    const request = { kind: 'test', payload: { n: 1 }, dedupeKey: 'same-work' };

    await Promise.all([enqueueJob(database.prisma, request), enqueueJob(database.prisma, request)]);
    await enqueueJob(database.prisma, request);

    expect(await database.prisma.job.count()).toBe(1);
  });

  it('runs a job once and marks it succeeded', async () => {
    await enqueueJob(database.prisma, { kind: 'test', payload: {} });

    const ran = await drainJobs({ prisma: database.prisma, handlers: { test: recordEffect } });

    const job = await database.prisma.job.findFirstOrThrow();
    expect(ran).toBe(1);
    expect(job.status).toBe('succeeded');
    expect(job.finishedAt).not.toBeNull();
    expect(await effectsOf(job.id)).toBe(1);
  });

  it('takes only a few jobs at a time while requests keep it waiting past its budget', async () => {
    for (let index = 0; index < 12; index++) {
      await enqueueJob(database.prisma, { kind: 'test', payload: { index } });
    }
    const offered: number[] = [];
    const batchHandlers = {
      test: async (_prisma: unknown, jobs: JobRecord[]) => {
        offered.push(jobs.length);
        return new Set<bigint>();
      },
    };

    await drainJobs({
      prisma: database.prisma,
      handlers: { test: recordEffect },
      batchHandlers,
      yieldWhile: () => true,
      maxYieldMs: 10,
    });
    const underPressure = [...offered];
    offered.length = 0;
    for (let index = 0; index < 12; index++) {
      await enqueueJob(database.prisma, { kind: 'test', payload: { again: index } });
    }
    await drainJobs({ prisma: database.prisma, handlers: { test: recordEffect }, batchHandlers });

    expect(underPressure).toEqual([5, 5, 2]);
    expect(offered).toEqual([12]);
    expect(await database.prisma.job.count({ where: { status: 'succeeded' } })).toBe(24);
  });

  it('retries with backoff, then succeeds, and a failed attempt leaves no effect', async () => {
    let calls = 0;
    const flaky: JobHandler = async (job, tx) => {
      await recordEffect(job, tx);
      calls += 1;
      if (calls < 3) throw new Error(`temporary failure ${calls}`);
    };
    await enqueueJob(database.prisma, { kind: 'flaky', payload: {} });

    const before = Date.now();
    await drainJobs({ prisma: database.prisma, handlers: { flaky } });
    const waiting = await database.prisma.job.findFirstOrThrow();

    expect(waiting.status).toBe('queued');
    expect(waiting.lastError).toBe('temporary failure 1');
    expect(waiting.runAt.getTime()).toBeGreaterThanOrEqual(before + 400);
    expect(await effectsOf(waiting.id)).toBe(0);

    await makeDue();
    await drainJobs({ prisma: database.prisma, handlers: { flaky } });
    await makeDue();
    await drainJobs({ prisma: database.prisma, handlers: { flaky } });

    const done = await database.prisma.job.findFirstOrThrow();
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(3);
    expect(await effectsOf(done.id)).toBe(1);
  });

  it('ends in a visible failed state with the error code', async () => {
    const refuses: JobHandler = async () => {
      throw new PermanentJobError(
        'user_id_taken',
        'The BroadWorks user ID is provisioned elsewhere.',
      );
    };
    const alwaysBroken: JobHandler = async () => {
      throw new Error('still broken');
    };
    await enqueueJob(database.prisma, { kind: 'refuses', payload: {} });
    await enqueueJob(database.prisma, { kind: 'broken', payload: {}, maxAttempts: 2 });

    await drainJobs({ prisma: database.prisma, handlers: { refuses, broken: alwaysBroken } });
    await makeDue();
    await drainJobs({ prisma: database.prisma, handlers: { refuses, broken: alwaysBroken } });

    const jobs = await database.prisma.job.findMany({ orderBy: { id: 'asc' } });
    expect(jobs.map((job) => [job.status, job.lastErrorCode, job.attempts])).toEqual([
      ['failed', 'user_id_taken', 1],
      ['failed', 'internal_error', 2],
    ]);
  });

  it('tells the job kind when a job has failed, in the same transaction', async () => {
    const failures: string[] = [];
    const broken: JobHandler = Object.assign(
      async () => {
        throw new Error('still broken');
      },
      {
        failed: async (job: JobRecord, tx: Parameters<JobHandler>[1], failure: JobFailure) => {
          failures.push(`${failure.code}: ${failure.message}`);
          await recordEffect(job, tx);
        },
      },
    );
    await enqueueJob(database.prisma, { kind: 'broken', payload: {}, maxAttempts: 2 });

    await drainJobs({ prisma: database.prisma, handlers: { broken } });
    expect(failures).toEqual([]);
    await makeDue();
    await drainJobs({ prisma: database.prisma, handlers: { broken } });

    const job = await database.prisma.job.findFirstOrThrow();
    expect(failures).toEqual(['internal_error: still broken']);
    expect(await effectsOf(job.id)).toBe(1);
  });

  it('fails, without running it, a job whose worker died during every attempt', async () => {
    await enqueueJob(database.prisma, { kind: 'test', payload: {}, maxAttempts: 2 });
    for (const workerId of ['dies-once', 'dies-twice']) {
      await claimJobs(database.prisma, { workerId, limit: 1, leaseMs: 30_000 });
      await database.prisma.job.updateMany({ data: { leaseUntil: new Date(0) } });
    }

    await drainJobs({ prisma: database.prisma, handlers: { test: recordEffect } });

    const job = await database.prisma.job.findFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', lastErrorCode: 'worker_lost', attempts: 3 });
    expect(await effectsOf(job.id)).toBe(0);
  });

  it('gives a job whose worker died to another worker after the lease, exactly once', async () => {
    await enqueueJob(database.prisma, { kind: 'test', payload: {} });

    const [taken] = await claimJobs(database.prisma, { workerId: 'dies', limit: 1, leaseMs: 300 });
    expect(taken).toBeDefined();
    expect(await claimJobs(database.prisma, { workerId: 'other', limit: 1, leaseMs: 300 })).toEqual(
      [],
    );

    await expect
      .poll(
        async () => {
          return drainJobs({
            prisma: database.prisma,
            handlers: { test: recordEffect },
            leaseMs: 300,
          });
        },
        { interval: 100, timeout: 5_000 },
      )
      .toBe(1);

    // The first worker comes back late: its completion must not count.
    await expect(
      database.prisma.$transaction(async (tx) => {
        await recordEffect(taken!, tx);
        await completeJob(tx, taken!, 'dies');
      }),
    ).rejects.toBeInstanceOf(LeaseLost);

    const job = await database.prisma.job.findFirstOrThrow();
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(2);
    expect(await effectsOf(job.id)).toBe(1);
  });

  it.skipIf(!onPostgres)(
    'shares the queue between workers without running a job twice',
    async () => {
      const jobCount = 200;
      for (let index = 0; index < jobCount; index += 50) {
        await database.prisma.job.createMany({
          data: Array.from({ length: 50 }, (_, offset) => ({
            kind: 'test',
            payload: { n: index + offset },
          })),
        });
      }

      const counted: Record<string, number> = {};
      const countingHandler = (workerId: string): JobHandler => {
        return async (job, tx) => {
          counted[workerId] = (counted[workerId] ?? 0) + 1;
          await recordEffect(job, tx);
        };
      };
      const ran = await Promise.all(
        ['one', 'two'].map((workerId) =>
          drainJobs({
            prisma: database.prisma,
            workerId,
            concurrency: 4,
            handlers: { test: countingHandler(workerId) },
          }),
        ),
      );

      expect(ran[0]! + ran[1]!).toBe(jobCount);
      expect(counted.one).toBeGreaterThan(0);
      expect(counted.two).toBeGreaterThan(0);
      expect(await database.prisma.auditEntry.count({ where: { action: 'test.job_ran' } })).toBe(
        jobCount,
      );
      expect(await database.prisma.job.count({ where: { status: 'succeeded' } })).toBe(jobCount);
    },
  );

  it('keeps retry delays growing, jittered and capped', () => {
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(1, () => 1)).toBe(1_000);
    expect(retryDelayMs(4, () => 1)).toBe(8_000);
    expect(retryDelayMs(30, () => 1)).toBe(300_000);
  });
});
