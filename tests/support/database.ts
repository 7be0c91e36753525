import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { openDatabase, replaceDatabase, type Database } from '@/lib/db/database';
import { dropDatabaseWhenFree } from '@/lib/db/drop-database';
import { migrate } from '@/lib/db/migrate';

export interface TestDatabase extends Database {
  /** The connection URL when the database lives on a PostgreSQL server; unset for PGlite. */
  url?: string;
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
        await dropDatabaseWhenFree(cleanup, name);
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
