import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { SqlConnection, SqlDriver } from './driver';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export class MigrationError extends Error {}

export const defaultMigrationsDir = () =>
  path.join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations');

// Any fixed number works; it only has to be the same for every process running migrations.
const migrationLockKey = 72_656_001;

// Same table as Prisma Migrate keeps, so `prisma migrate deploy` on a machine with the
// native engine sees these migrations as applied.
const createHistoryTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

export async function readMigrationFiles(dir = defaultMigrationsDir()): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

async function readHistory(connection: SqlConnection): Promise<AppliedMigration[]> {
  const exists = await connection.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return [];

  return connection.query<AppliedMigration>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
}

/** Lists what is left to apply, refusing when history and files disagree. */
export function planMigrations(
  files: MigrationFile[],
  history: AppliedMigration[],
): MigrationFile[] {
  const live = history.filter((row) => row.rolled_back_at === null);

  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} started but did not finish; ` +
        'repair the database and mark it rolled back before migrating again.',
    );
  }

  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of live) {
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        `Migration ${row.migration_name} is applied but missing from prisma/migrations.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was edited after it was applied ` +
          '(checksum differs). Add a new migration instead of changing an applied one.',
      );
    }
  }

  const applied = new Set(live.map((row) => row.migration_name));
  return files.filter((file) => !applied.has(file.name));
}

export interface MigrateResult {
  applied: string[];
}

/**
 * Applies pending migrations, each in its own transaction with its history row. On a
 * PostgreSQL server an advisory lock makes concurrent runs wait for each other, and the
 * second then finds nothing left to do.
 */
export async function migrate(
  driver: SqlDriver,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const files = await readMigrationFiles(options.dir);

  return driver.withConnection(async (connection) => {
    await connection.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await connection.exec(createHistoryTable);
      const pending = planMigrations(files, await readHistory(connection));

      for (const file of pending) {
        options.log?.(`applying ${file.name}`);
        await connection.exec('BEGIN');
        try {
          await connection.exec(file.sql);
          await connection.query(
            `INSERT INTO "_prisma_migrations"
               (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [randomUUID(), file.checksum, file.name],
          );
          await connection.exec('COMMIT');
        } catch (error) {
          await connection.exec('ROLLBACK');
          throw new MigrationError(`Migration ${file.name} failed: ${(error as Error).message}`);
        }
      }

      return { applied: pending.map((file) => file.name) };
    } finally {
      await connection.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
    }
  });
}

/** True when every migration file is applied and none was edited. */
export async function migrationsCurrent(driver: SqlDriver, dir?: string): Promise<boolean> {
  const files = await readMigrationFiles(dir);
  try {
    return planMigrations(files, await readHistory(driver)).length === 0;
  } catch {
    return false;
  }
}
