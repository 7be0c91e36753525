import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addBatchStatement } from '@/lib/provisioning/accept-add';

import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedPartnerData } from '../support/seed';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Plans?: PlanNode[];
}

function scansOf(node: PlanNode, relation: string): PlanNode[] {
  const own = node['Relation Name'] === relation && node['Node Type'] !== 'ModifyTable';
  return [
    ...(own ? [node] : []),
    ...(node.Plans ?? []).flatMap((child) => scansOf(child, relation)),
  ];
}

/** What a scan looks its rows up by in an index; empty for a scan that reads them all. */
function probeOf(scan: PlanNode): string {
  const bitmapIndex = scan.Plans?.find((child) => child['Index Cond']);
  return [scan['Index Cond'], scan['Recheck Cond'], bitmapIndex?.['Index Cond']].join(' ');
}

describe('the add batch statement', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  // A partner's first bulk load fills the tables faster than statistics are gathered: the
  // plan must stay index probes by key however many subscribers the partner already has.
  it('looks users and organisations up by key in tables grown without statistics', async () => {
    const { partner, template } = await seedPartnerData(database.prisma);
    await database.sql.query(
      `INSERT INTO "subscriber" (id, partner_id, template_id, user_id, sp_enterprise_id,
                                 first_name, last_name, email, email_domain, package, updated_at)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, 'user-' || n, 'ent-' || (n / 20),
              'Anna', 'Jansen', 'user-' || n || '@example.com', 'example.com', 'standard', now()
         FROM generate_series(1, 5000) AS n`,
      [partner.id, template.id],
    );

    const batch = (value: string) => [value, value];
    const [row] = await database.sql.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${addBatchStatement}`,
      [
        partner.id,
        template.id,
        1,
        'standard',
        true,
        ['user-1', 'user-new'],
        ['ent-0', 'ent-new'],
        ...Array.from({ length: 9 }, () => batch('x')),
        ['1', '1'],
        ...Array.from({ length: 3 }, () => batch('x')),
        'provision-subscriber',
        batch('Org'),
        'create-customer-org',
      ],
    );
    const plan = row!['QUERY PLAN'][0].Plan;

    const subscriberScans = scansOf(plan, 'subscriber');
    const organisationScans = scansOf(plan, 'customer_org');
    expect(subscriberScans.length).toBeGreaterThan(0);
    expect(organisationScans.length).toBeGreaterThan(0);
    for (const scan of subscriberScans) expect(probeOf(scan)).toMatch(/user_id/);
    for (const scan of organisationScans) expect(probeOf(scan)).toMatch(/sp_enterprise_id/);
  });
});
