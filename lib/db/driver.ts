import pg from 'pg';

import type { PGliteThread } from './pglite-thread';

/** A plain SQL connection, used where Prisma does not reach: migrations, locks, health. */
export interface SqlDriver {
  readonly kind: 'pglite' | 'postgres';
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
  /** Runs `work` on one connection held for its whole duration (locks, transactions). */
  withConnection<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlConnection = Pick<SqlDriver, 'query' | 'exec'>;

export type DriverTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir?: string };

export function pgliteDriver(db: PGliteThread): SqlDriver {
  const connection: SqlConnection = {
    async query(sql, params) {
      const result = await db.query(sql, params);
      return result.rows as never[];
    },
    async exec(sql) {
      await db.exec(sql);
    },
  };

  return {
    kind: 'pglite',
    ...connection,
    // PGlite is a single connection, so holding it is the same as using it.
    withConnection: (work) => work(connection),
    close: () => db.close(),
  };
}

export function postgresDriver(pool: pg.Pool): SqlDriver {
  return {
    kind: 'postgres',
    async query(sql, params) {
      const result = await pool.query(sql, params);
      return result.rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async withConnection(work) {
      const client = await pool.connect();
      try {
        return await work({
          async query(sql, params) {
            return (await client.query(sql, params)).rows;
          },
          async exec(sql) {
            await client.query(sql);
          },
        });
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
