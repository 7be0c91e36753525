import { setTimeout as sleep } from 'node:timers/promises';

import type pg from 'pg';

const insufficientPrivilege = '42501';

/**
 * Drops a database on a PostgreSQL server, ending its sessions. An autovacuum worker visiting it
 * belongs to no role an ordinary login may signal, so FORCE refuses while one is there; it
 * leaves within moments, so the drop is tried again for a few seconds.
 */
export async function dropDatabaseWhenFree(client: pg.Client, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);

  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== insufficientPrivilege || attempt >= 20) throw error;
      await sleep(250);
    }
  }
}
