import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from '@/lib/db/database';
import type { SqlDriver } from '@/lib/db/driver';
import {
  defaultMigrationsDir,
  migrate,
  MigrationError,
  readMigrationFiles,
} from '@/lib/db/migrate';

import { createTestDatabase } from '../support/database';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase(): Promise<Awaited<ReturnType<typeof createTestDatabase>>> {
  const database = await createTestDatabase({ migrated: false });
  cleanups.push(() => database.close());
  return database;
}

function migrationsDir(migrations: Record<string, string> = {}, copyReal = false): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-migrations-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  if (copyReal) cpSync(defaultMigrationsDir(), dir, { recursive: true });
  for (const [name, sql] of Object.entries(migrations)) writeMigration(dir, name, sql);
  return dir;
}

function writeMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

async function tableExists(sql: SqlDriver, table: string): Promise<boolean> {
  const [row] = await sql.query<{ present: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS present',
    [table],
  );
  return row!.present;
}

async function history(sql: SqlDriver): Promise<string[]> {
  const rows = await sql.query<{ migration_name: string }>(
    'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name',
  );
  return rows.map((row) => row.migration_name);
}

describe('migration guards', () => {
  it('refuses to run when an applied migration was edited, and applies nothing', async () => {
    const database = await freshDatabase();
    const dir = migrationsDir({}, true);
    const files = await readMigrationFiles(dir);
    await migrate(database.sql, { dir });

    appendFileSync(path.join(dir, files.at(-1)!.name, 'migration.sql'), '\n-- tidied up\n');
    writeMigration(dir, '29990101000000_after_the_edit', 'CREATE TABLE after_the_edit (id int);');
    const run = migrate(database.sql, { dir });

    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(/checksum/);
    expect(await tableExists(database.sql, 'after_the_edit')).toBe(false);
    expect(await history(database.sql)).toEqual(files.map((file) => file.name));
  });

  it('refuses to run while a migration is recorded as started but not finished', async () => {
    const database = await freshDatabase();
    const dir = migrationsDir({
      '20000101000000_first': 'CREATE TABLE first_table (id int);',
      '20000102000000_second': 'CREATE TABLE second_table (id int);',
    });
    const [first] = await readMigrationFiles(dir);
    await migrate(database.sql, { dir: migrationsDir() });
    await database.sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at)
       VALUES ('unfinished', $1, $2, now())`,
      [first!.checksum, first!.name],
    );

    const run = migrate(database.sql, { dir });

    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(/20000101000000_first started but did not finish/);
    expect(await tableExists(database.sql, 'second_table')).toBe(false);
    expect(await history(database.sql)).toEqual(['20000101000000_first']);
  });

  it('rolls a failing migration back entirely and records no history for it', async () => {
    const database = await freshDatabase();
    const broken = `
      CREATE TABLE half_done (id int);
      INSERT INTO half_done VALUES (1);
      SELECT * FROM no_such_table;
    `;
    const dir = migrationsDir({
      '20000101000000_good': 'CREATE TABLE good_one (id int);',
      '20000102000000_broken': broken,
    });

    const run = migrate(database.sql, { dir });

    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(/20000102000000_broken failed: .*no_such_table/);
    expect(await tableExists(database.sql, 'good_one')).toBe(true);
    expect(await tableExists(database.sql, 'half_done')).toBe(false);
    expect(await history(database.sql)).toEqual(['20000101000000_good']);

    writeMigration(dir, '20000102000000_broken', broken.replace('no_such_table', 'good_one'));
    expect(await migrate(database.sql, { dir })).toEqual({ applied: ['20000102000000_broken'] });
    expect(await tableExists(database.sql, 'half_done')).toBe(true);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'applies each migration exactly once when two servers migrate at the same time',
    async () => {
      const database = await freshDatabase();
      const files = await readMigrationFiles();
      const pools: Database[] = [1, 2].map(() =>
        openDatabase({ kind: 'postgres', url: database.url!, poolSize: 2 }),
      );
      cleanups.push(async () => {
        for (const pool of pools) await pool.close();
      });

      const results = await Promise.all(pools.map((pool) => migrate(pool.sql)));

      expect(results.map((result) => result.applied).sort()).toEqual([
        [],
        files.map((file) => file.name),
      ]);
      const rows = await database.sql.query<{ migration_name: string; runs: number }>(
        `SELECT migration_name, count(*)::int AS runs FROM "_prisma_migrations"
          GROUP BY migration_name ORDER BY migration_name`,
      );
      expect(rows).toEqual(files.map((file) => ({ migration_name: file.name, runs: 1 })));
    },
  );
});
