import {
  RateLimiterMemory,
  RateLimiterPostgres,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

import { getDatabase, type Database } from '@/lib/db/database';
import { logger } from '@/lib/observability/logger';

import { AppError } from './errors';

export type LimitKind = 'credential' | 'address';

function perMinute(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const windowMs = 60_000;
const flushEveryMs = 200;

/** What this process knows of one key: the shared count at the last flush plus its own since. */
interface KeyCount {
  shared: number;
  resetAt: number;
  pending: number;
}

/**
 * Counts requests in memory and adds them to the shared store in batches, so that a busy
 * endpoint costs the database one upsert per key every fraction of a second rather than one
 * per request. Instances see each other's counts after at most one flush interval.
 */
class BatchedLimiter {
  private readonly counts = new Map<string, KeyCount>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: RateLimiterAbstract,
    readonly points: number,
  ) {}

  /** Counts one request; answers how many seconds to wait when the key is over its limit. */
  consume(key: string, now = Date.now()): number | undefined {
    let count = this.counts.get(key);
    if (!count || count.resetAt <= now) {
      count = { shared: 0, resetAt: now + windowMs, pending: count?.pending ?? 0 };
      this.counts.set(key, count);
    }

    if (count.shared + count.pending + 1 > this.points) {
      return Math.max(1, Math.ceil((count.resetAt - now) / 1000));
    }
    count.pending += 1;
    this.timer ??= setTimeout(() => void this.flush(), flushEveryMs).unref();
    return undefined;
  }

  /** Adds every pending count to the shared store and learns the totals in return. */
  flush(): Promise<void> {
    this.timer = undefined;
    this.flushing = (this.flushing ?? Promise.resolve()).then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    const batch = [...this.counts].filter(([, count]) => count.pending > 0);

    await Promise.all(
      batch.map(async ([key, count]) => {
        const added = count.pending;
        count.pending -= added;
        try {
          const total = await this.store.penalty(key, added);
          count.shared = total.consumedPoints - count.pending;
          count.resetAt = Date.now() + total.msBeforeNext;
        } catch (error) {
          // The store is unreachable: keep counting here, and try again with the next flush.
          count.pending += added;
          logger().warn({ err: error }, 'rate limit counts could not be shared');
        }
      }),
    );

    const now = Date.now();
    for (const [key, count] of this.counts) {
      if (count.pending === 0 && count.resetAt <= now) this.counts.delete(key);
    }
  }
}

// One set of limiters per database: on a server they count in a shared table, so every
// instance sees the same numbers; the embedded database has one process, memory suffices.
const limitersByDatabase = new WeakMap<Database, Record<LimitKind, BatchedLimiter>>();

function createLimiters(database: Database): Record<LimitKind, BatchedLimiter> {
  const points = {
    credential: perMinute('RATE_LIMIT_CREDENTIAL_PER_MINUTE', 60_000),
    address: perMinute('RATE_LIMIT_ADDRESS_PER_MINUTE', 120_000),
  };
  const make = (kind: LimitKind) => {
    const options = { keyPrefix: kind, points: points[kind], duration: windowMs / 1000 };
    const store = database.pool
      ? new RateLimiterPostgres({
          ...options,
          storeClient: database.pool,
          tableName: 'rate_limit',
          tableCreated: true,
        })
      : new RateLimiterMemory(options);
    return new BatchedLimiter(store, points[kind]);
  };
  return { credential: make('credential'), address: make('address') };
}

function limitersOf(database: Database): Record<LimitKind, BatchedLimiter> {
  let limiters = limitersByDatabase.get(database);
  if (!limiters) {
    limiters = createLimiters(database);
    limitersByDatabase.set(database, limiters);
  }
  return limiters;
}

export function tooManyRequests(seconds: number): AppError {
  return new AppError(
    'too_many_requests',
    'Too many requests.',
    [`Slow down: retry after ${seconds} second(s).`],
    { 'Retry-After': String(seconds) },
  );
}

/** Counts one request against a limit; over it, throws 429 with Retry-After. */
export function enforceRateLimit(kind: LimitKind, key: string): void {
  const waitSeconds = limitersOf(getDatabase())[kind].consume(key);
  if (waitSeconds !== undefined) throw tooManyRequests(waitSeconds);
}

/** Shares this process's pending counts now, as the next flush would shortly. */
export async function flushRateLimitCounts(): Promise<void> {
  const limiters = limitersOf(getDatabase());
  await Promise.all([limiters.credential.flush(), limiters.address.flush()]);
}

export function clientAddressOf(request: Request): string {
  return request.headers.get('x-client-ip') ?? 'unknown';
}
