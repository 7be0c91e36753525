import { afterEach, describe, expect, it } from 'vitest';

import type { Database } from '@/lib/db/database';
import { checksumOf, migrate, migrationsCurrent, readMigrationFiles } from '@/lib/db/migrate';

import { createTestDatabase } from '../support/database';

describe('migrate', () => {
  let database: Database;
  afterEach(async () => database?.close());

  it('applies every migration once and records it the way Prisma does', async () => {
    database = await createTestDatabase({ migrated: false });
    const files = await readMigrationFiles();

    const first = await migrate(database.sql);
    const second = await migrate(database.sql);

    expect(first.applied).toEqual(files.map((file) => file.name));
    expect(second.applied).toEqual([]);
    const rows = await database.sql.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    expect(rows).toEqual(
      files.map((file) => ({ migration_name: file.name, checksum: checksumOf(file.sql) })),
    );
    expect(await migrationsCurrent(database.sql)).toBe(true);
  });
});
