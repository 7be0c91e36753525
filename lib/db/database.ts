import { mkdirSync } from 'node:fs';

import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { readConfig } from '@/lib/config';
import { PrismaClient } from '@/lib/generated/prisma/client';

import { lockDirectory } from './directory-lock';
import { pgliteDriver, postgresDriver, type SqlDriver } from './driver';
import { PGliteThread } from './pglite-thread';

export interface Database {
  prisma: PrismaClient;
  sql: SqlDriver;
  /** The connection pool, on a PostgreSQL server only. */
  pool?: pg.Pool;
  /** Settles if the embedded database stops for good, which no retry can mend. */
  lost?: Promise<Error>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dir?: string };

export function openDatabase(target: DatabaseTarget): Database {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      // As long as a burst of requests may wait for a transaction; a dead server fails at once.
      connectionTimeoutMillis: 10_000,
    });
    // An idle client losing its server must not crash the process; the pool replaces it.
    pool.on('error', () => {});

    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const sql = postgresDriver(pool);
    return {
      prisma,
      sql,
      pool,
      close: async () => {
        await prisma.$disconnect();
        await sql.close();
      },
    };
  }

  let unlock = () => {};
  if (target.dir) {
    mkdirSync(target.dir, { recursive: true });
    unlock = lockDirectory(target.dir);
    process.once('exit', unlock);
  }

  const pglite = new PGliteThread(target.dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite.asPGlite()) });
  const sql = pgliteDriver(pglite);
  return {
    prisma,
    sql,
    lost: pglite.lost,
    close: async () => {
      await prisma.$disconnect();
      await sql.close();
      unlock();
    },
  };
}

export function configuredTarget(): DatabaseTarget {
  const config = readConfig();
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dir: config.pgliteDir };
}

// The custom server, the route handlers Next bundles and the worker all live in one process
// but may load this module more than once; one PGlite may own a data directory, so the
// instance is kept on globalThis.
const slot = Symbol.for('partner-hub.database');
type GlobalWithDatabase = typeof globalThis & { [slot]?: Database };

export function getDatabase(): Database {
  const holder = globalThis as GlobalWithDatabase;
  holder[slot] ??= openDatabase(configuredTarget());
  return holder[slot];
}

/** Replaces the process database, for tests that run route handlers against their own one. */
export function replaceDatabase(database: Database | undefined): void {
  (globalThis as GlobalWithDatabase)[slot] = database;
}
