import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import pg from 'pg';

import { openDatabase, replaceDatabase, type Database } from '@/lib/db/database';
import { migrate } from '@/lib/db/migrate';

export interface TestDatabase extends Database {
  /** The connection URL when the database lives on a PostgreSQL server; unset for PGlite. */
  url?: string;
}

const insufficientPrivilege = '42501';

/**
 * Drops a test database. An autovacuum worker visiting it belongs to no role this login may
 * signal, so FORCE refuses while one is there; it leaves within moments.
 */
async function dropWhenFree(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== insufficientPrivilege || attempt >= 20) throw error;
      await sleep(250);
    }
  }
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by DATABASE_URL (dropped again on close).
 */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let database: Database;
  let url: string | undefined;
  let dropDatabase = async () => {};

  if (serverUrl) {
    const name = `hub_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();

    const databaseUrl = new URL(serverUrl);
    databaseUrl.pathname = `/${name}`;
    url = databaseUrl.toString();
    database = openDatabase({ kind: 'postgres', url, poolSize: 5 });
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        await dropWhenFree(cleanup, name);
      } finally {
        await cleanup.end();
      }
    };
  } else {
    database = openDatabase({ kind: 'pglite' });
  }

  if (options.migrated !== false) await migrate(database.sql);

  return {
    ...database,
    url,
    async close() {
      await database.close();
      await dropDatabase();
    },
  };
}

/** Makes the app's own code (route handlers, sign-in) use this test database. */
export async function installTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  replaceDatabase(database);

  return {
    ...database,
    async close() {
      replaceDatabase(undefined);
      await database.close();
    },
  };
}
