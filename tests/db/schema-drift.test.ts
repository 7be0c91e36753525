import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readPrismaSchema } from '../support/datamodel';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { findSchemaDrift } from '../support/schema-drift';

/** Rewrites the body of one `model X {...}` or `enum X {...}` block of a schema. */
function editBlock(schema: string, header: string, edit: (body: string) => string): string {
  const start = schema.indexOf(`${header} {\n`);
  const end = schema.indexOf('\n}', start);
  if (start < 0 || end < 0) throw new Error(`${header} is not in the schema`);

  const bodyStart = start + header.length + 3;
  const edited = edit(schema.slice(bodyStart, end + 1));
  if (edited === schema.slice(bodyStart, end + 1)) throw new Error(`${header} was not changed`);

  return schema.slice(0, bodyStart) + edited + schema.slice(end + 1);
}

const without = (differences: string[], known: string[]) =>
  differences.filter((difference) => !known.includes(difference));

describe('schema drift between prisma/schema.prisma and the migrations', () => {
  let database: TestDatabase;
  const schema = readPrismaSchema();

  // The other tests look only at the differences they cause, so that a real drift fails
  // the first test alone.
  let baseline: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    baseline = await findSchemaDrift(database.sql, schema);
  });
  afterAll(async () => database?.close());

  it('finds no difference for the real schema', async () => {
    expect(baseline).toEqual([]);
  });

  it('reports a column the schema has and the migrations lack', async () => {
    const withNickname = editBlock(schema, 'model User', (body) => `  nickname String?\n${body}`);

    const differences = await findSchemaDrift(database.sql, withNickname);

    expect(without(differences, baseline)).toEqual([
      expect.stringMatching(/column partner_user\.nickname .*missing from the database/),
    ]);
  });

  it('reports schema changes to types, defaults, indexes, relations and enums', async () => {
    let changed = editBlock(schema, 'model User', (body) =>
      body
        .replace(/(\n\s+email\s.*)@db\.VarChar\(254\)/, '$1@db.VarChar(320)')
        .replace('@default("en")', '@default("nl")')
        .replace(/(partner\s+Partner\s.*)onDelete: Restrict/, '$1onDelete: Cascade'),
    );
    changed = editBlock(changed, 'model AuditEntry', (body) =>
      body.replace('@@index([trackingId])', '@@index([trackingId, createdAt])'),
    );
    changed = editBlock(changed, 'enum UserRole', (body) => `${body}  auditor\n`);

    const differences = without(await findSchemaDrift(database.sql, changed), baseline);

    expect(differences).toEqual([
      'column partner_user.email has type character varying(254), ' +
        'the schema says character varying(320)',
      "column partner_user.locale has default 'en'::character varying, the schema says 'nl'",
      'foreign key partner_user(partner_id) -> partner(id) has ON DELETE Restrict, ' +
        'the schema says Cascade',
      'index on audit_entry(tracking_id, created_at) is missing from the database',
      'index audit_entry_tracking_id_idx on audit_entry(tracking_id) is not in the schema',
      'enum UserRole has values (full_admin, read_only), the schema says ' +
        '(full_admin, read_only, auditor)',
    ]);
  });

  it('reports indexes whose operator class differs from the schema', async () => {
    const changed = editBlock(schema, 'model CustomerOrg', (body) =>
      body.replace('raw("gin_trgm_ops")', 'raw("gin_bigm_ops")'),
    );

    const differences = await database.sql.withConnection(async (connection) => {
      await connection.exec('BEGIN');
      try {
        await connection.exec(`
          DROP INDEX customer_org_partner_id_sp_enterprise_id_idx;
          CREATE INDEX customer_org_partner_id_sp_enterprise_id_idx
            ON customer_org (partner_id, sp_enterprise_id varchar_pattern_ops);
        `);
        return await findSchemaDrift(connection, changed);
      } finally {
        await connection.exec('ROLLBACK');
      }
    });

    expect(without(differences, baseline)).toEqual([
      'index customer_org_name_search_idx uses operator class gin_trgm_ops on name_search, ' +
        'the schema says gin_bigm_ops',
      'index customer_org_partner_id_sp_enterprise_id_idx uses operator class ' +
        'varchar_pattern_ops on sp_enterprise_id, the schema says the default',
    ]);
  });

  it('reports changes made to the database outside the migrations', async () => {
    const differences = await database.sql.withConnection(async (connection) => {
      await connection.exec('BEGIN');
      try {
        await connection.exec(`
          ALTER TABLE partner_user ALTER COLUMN name TYPE varchar(200);
          ALTER TABLE partner_user ALTER COLUMN last_sign_in_at SET NOT NULL;
          ALTER TABLE partner_user ALTER COLUMN active DROP DEFAULT;
          ALTER TABLE partner_user ADD COLUMN shoe_size integer;
          DROP INDEX partner_user_partner_id_idx;
          CREATE INDEX sign_in_failure_created_at_idx ON sign_in_failure (created_at DESC);
          ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_partner_id_fkey;
          ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_partner_id_fkey
            FOREIGN KEY (partner_id) REFERENCES partner(id) ON DELETE CASCADE ON UPDATE CASCADE;
          CREATE TABLE leftover (id integer PRIMARY KEY);
          CREATE TYPE "Colour" AS ENUM ('red');
        `);
        return await findSchemaDrift(connection, schema);
      } finally {
        await connection.exec('ROLLBACK');
      }
    });

    expect(without(differences, baseline)).toEqual([
      'table leftover is not in the schema',
      'column partner_user.shoe_size is not in the schema (model User)',
      'column partner_user.name has type character varying(200), ' +
        'the schema says character varying(120)',
      "column partner_user.active has default none, the schema says 'true'",
      'column partner_user.last_sign_in_at is NOT NULL, the schema says optional',
      'index on partner_user(partner_id) is missing from the database',
      'index sign_in_failure_created_at_idx on sign_in_failure(created_at DESC) ' +
        'is not in the schema',
      'foreign key audit_entry(partner_id) -> partner(id) has ON DELETE Cascade, ' +
        'the schema says Restrict',
      'enum Colour is not in the schema',
    ]);
    expect(await findSchemaDrift(database.sql, schema)).toEqual(baseline);
  });
});
