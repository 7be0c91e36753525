import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

import { getDatabase, type Database } from '@/lib/db/database';

import { AppError } from './errors';

export type LimitKind = 'credential' | 'address';

function perMinute(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

// One set of limiters per database: on a server they count in a shared table, so every
// instance sees the same numbers; the embedded database has one process, memory suffices.
const limitersByDatabase = new WeakMap<Database, Record<LimitKind, RateLimiterAbstract>>();

function createLimiters(database: Database): Record<LimitKind, RateLimiterAbstract> {
  const points = {
    credential: perMinute('RATE_LIMIT_CREDENTIAL_PER_MINUTE', 60_000),
    address: perMinute('RATE_LIMIT_ADDRESS_PER_MINUTE', 120_000),
  };
  const make = (kind: LimitKind) => {
    const options = { keyPrefix: kind, points: points[kind], duration: 60 };
    return database.pool
      ? new RateLimiterPostgres({
          ...options,
          storeClient: database.pool,
          tableName: 'rate_limit',
          tableCreated: true,
          // Once a key is over its limit, refuse it from memory instead of asking the table.
          inMemoryBlockOnConsumed: points[kind],
          inMemoryBlockDuration: 1,
        })
      : new RateLimiterMemory(options);
  };
  return { credential: make('credential'), address: make('address') };
}

/** Counts one request against a limit; over it, answers 429 with Retry-After. */
export async function enforceRateLimit(kind: LimitKind, key: string): Promise<void> {
  const database = getDatabase();
  let limiters = limitersByDatabase.get(database);
  if (!limiters) {
    limiters = createLimiters(database);
    limitersByDatabase.set(database, limiters);
  }

  try {
    await limiters[kind].consume(key);
  } catch (outcome) {
    if (!(outcome instanceof RateLimiterRes)) throw outcome;

    const seconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
    throw new AppError(
      'too_many_requests',
      'Too many requests.',
      [`Slow down: retry after ${seconds} second(s).`],
      { 'Retry-After': String(seconds) },
    );
  }
}

export function clientAddressOf(request: Request): string {
  return request.headers.get('x-client-ip') ?? 'unknown';
}
