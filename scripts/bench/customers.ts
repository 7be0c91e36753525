/**
 * The customers of the benchmarks: partners with clusters and templates, customers with
 * realistic names, their subscribers and, when asked, one audit entry per subscriber, loaded
 * in a few set-based statements per chunk straight into the database.
 */
import { createHash, randomBytes } from 'node:crypto';

import { hashPassword } from '@/lib/auth/password';
import type { SqlDriver } from '@/lib/db/driver';

// Words customer names are made of; some carry accents, so that accent-free searches count.
export const nameWords = {
  trade: [
    'Bakkerij',
    'Café',
    'Brasserie',
    'Advocaten',
    'Transport',
    'Installatietechniek',
    'Huisartsenpraktijk',
    'Bouwbedrijf',
    'Groothandel',
    'Schoonmaakdiensten',
    'Autobedrijf',
    'Kinderopvang',
    'Tandartsen',
    'Accountants',
    'Logistiek',
    'Hoveniersbedrijf',
    'Fysiotherapie',
    'Drukkerij',
    'Makelaardij',
    'Notariskantoor',
    'Reisbureau',
    'Bloemisterij',
    'Apotheek',
    'Dierenkliniek',
    'Architecten',
    'Zorggroep',
    'Electro',
    'Garage',
    'Crèche',
    'Pâtisserie',
  ],
  place: [
    'de Linde',
    'Noord',
    'Zuid',
    'Centrum',
    'Holland',
    'Amstel',
    'Maas',
    'Rijn',
    'Veluwe',
    'Brabant',
    'Kennemerland',
    'Eemland',
    'IJssel',
    'Delta',
    'Oost',
    'West',
    'Haven',
    'Dorp',
    'Zeeland',
    'Twente',
    'Drenthe',
    'Limburg',
    'Friesland',
    'Gooi',
  ],
  family: [
    'Jansen',
    'de Vries',
    'van den Berg',
    'Bakker',
    'Visser',
    'Smit',
    'Meijer',
    'de Boer',
    'Mulder',
    'de Groot',
    'Bos',
    'Vos',
    'Peters',
    'Hendriks',
    'van Leeuwen',
    'Dekker',
    'Brouwer',
    'de Wit',
    'Dijkstra',
    'Smits',
    'Müller',
    'Sørensen',
    'Ødegård',
    'Łukasiewicz',
    'Nováková',
    'François',
    'Gonçalves',
    'Zoë Bloem',
    'Öztürk',
    'Çelik',
  ],
  form: [' B.V.', ' N.V.', ' V.O.F.', ' GmbH', ' & Zonen', ' Groep', ' Holding', ''],
};
const firstNames = [
  'Anna',
  'Daan',
  'Emma',
  'Lucas',
  'Julia',
  'Sem',
  'Tess',
  'Milan',
  'Zoë',
  'Noël',
];
const lastNames = ['Jansen', 'de Vries', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos'];

const sqlArray = (items: string[]) =>
  `ARRAY[${items.map((item) => `'${item.replaceAll("'", "''")}'`).join(', ')}]`;

/** A stable pseudo-random pick of the row's words, spread by PostgreSQL's own integer hash. */
const pick = (items: string[], seed: string) =>
  `(${sqlArray(items)})[1 + ((hashint4(${seed}) & 2147483647) % ${items.length})]`;

/** What the generator writes for customer `i` of a partner, computed the same way here. */
export function rowFacts(label: string, prefix: string, i: number, perCustomer: number) {
  const uuidOf = (text: string) => {
    const hex = createHash('md5').update(text).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const n = 1 + (i % perCustomer);
  return {
    orgId: uuidOf(`${label}:org:${i}`),
    spEnterpriseId: `${prefix}${i}`,
    email: `user${n}@${prefix}${i}.example`,
    userId: `u${n}.${prefix}${i}@bw.${label}.example`,
    trackingId: `PHUB_20261203_${createHash('md5').update(`${label}:track:${i}:${n}`).digest('hex').slice(0, 24)}`,
  };
}

export interface Partner {
  id: string;
  label: string;
  prefix: string;
  templateIds: string[];
}

export async function seedPartner(
  sql: SqlDriver,
  label: string,
  templates: number,
  email?: string,
) {
  const [partner] = await sql.query<{ id: string }>(
    `INSERT INTO partner (id, name, updated_at) VALUES (gen_random_uuid(), $1, now()) RETURNING id`,
    [`Bench partner ${label}`],
  );
  const partnerId = partner!.id;
  const clusters = await sql.query<{ id: string }>(
    `INSERT INTO cluster (id, partner_id, name, release, xsi_actions_url, xsi_events_url,
                          auth_service_url, updated_at)
     SELECT gen_random_uuid(), $1::uuid, 'Cluster ' || c, 'R25',
            'https://xsp' || c || '.bench.example/com.broadsoft.xsi-actions',
            'https://xsp' || c || '.bench.example/com.broadsoft.xsi-events',
            'https://xsp' || c || '.bench.example/authservice', now()
       FROM generate_series(1, 10) AS c RETURNING id`,
    [partnerId],
  );
  const templateRows = await sql.query<{ id: string }>(
    `INSERT INTO customer_template (id, partner_id, cluster_id, name, country_code, email_language,
                                    provisioning_id, provisioning_account,
                                    provisioning_password_hash, updated_at)
     SELECT gen_random_uuid(), $1::uuid, ($2::uuid[])[1 + t % 10], 'Template ' || t, 'NL', 'nl',
            $3 || t, 'adapter', 'no password', now()
       FROM generate_series(1, $4::int) AS t RETURNING id`,
    [
      partnerId,
      clusters.map((row) => row.id),
      `bench-${label}-${randomBytes(4).toString('hex')}-`,
      templates,
    ],
  );

  if (email) {
    await sql.query(
      `INSERT INTO partner_user (id, partner_id, email, name, password_hash, role, updated_at)
       VALUES (gen_random_uuid(), $1::uuid, $2, 'Bench support', $3, 'read_only', now())`,
      [partnerId, email, await hashPassword(benchPassword)],
    );
  }

  return {
    id: partnerId,
    label,
    prefix: `ent-${label}-`,
    templateIds: templateRows.map((row) => row.id),
  } satisfies Partner;
}

export const benchPassword = 'bench search password';

/**
 * Customers `from`..`to` of the partner with their subscribers and, unless left out, one audit
 * entry per subscriber, in a few set-based statements per chunk. Ids derive from the row number, so the
 * queries later can name existing rows without reading them back.
 */
export async function loadCustomers(
  sql: SqlDriver,
  partner: Partner,
  range: { from: number; to: number; perCustomer: number; total: number },
  options: { auditEntries: boolean } = { auditEntries: true },
) {
  const chunk = Math.max(1, Math.floor(100_000 / range.perCustomer));
  const { label, id, templateIds, prefix } = partner;

  for (let from = range.from; from <= range.to; from += chunk) {
    const to = Math.min(range.to, from + chunk - 1);

    await sql.query(
      `INSERT INTO customer_org (id, partner_id, template_id, name, sp_enterprise_id, status,
                                 error_code, error_reason, created_at, updated_at)
       SELECT md5($1 || ':org:' || i)::uuid, $2::uuid,
              ($3::uuid[])[1 + (i % cardinality($3::uuid[]))],
              ${pick(nameWords.trade, 'i')} || ' ' || ${pick(nameWords.place, 'i + 7919')}
                || ' ' || ${pick(nameWords.family, 'i + 104729')}
                || ${pick(nameWords.form, 'i + 1299709')},
              $4 || i,
              (CASE WHEN i % 53 = 0 THEN 'error' WHEN i % 211 = 0 THEN 'provisioning'
                    ELSE 'active' END)::"CustomerOrgStatus",
              CASE WHEN i % 53 = 0 THEN 'org_create_failed' END,
              CASE WHEN i % 53 = 0 THEN 'The cloud refused the organisation.' END,
              now() - make_interval(secs => $7::int - i), now()
         FROM generate_series($5::int, $6::int) AS i`,
      [label, id, templateIds, prefix, from, to, range.total],
    );
    await sql.query(
      `INSERT INTO subscriber (id, partner_id, template_id, customer_org_id, user_id,
                               sp_enterprise_id, first_name, last_name, email, email_domain,
                               package, status, errors, change_sequence, last_status_change,
                               created_at, updated_at)
       SELECT md5($1 || ':sub:' || i || ':' || n)::uuid, $2::uuid,
              ($3::uuid[])[1 + (i % cardinality($3::uuid[]))], md5($1 || ':org:' || i)::uuid,
              'u' || n || '.' || $4 || i || '@bw.' || $1 || '.example', $4 || i,
              ${pick(firstNames, 'i * 16 + n')}, ${pick(lastNames, 'i * 16 + n + 31')},
              'user' || n || '@' || $4 || i || '.example', $4 || i || '.example',
              (${pick(['softphone', 'basic', 'standard', 'standard', 'premium'], 'i * 16 + n + 7')})
                ::"SubscriberPackage",
              (CASE WHEN (i + n) % 97 = 0 THEN 'error' ELSE 'provisioned' END)::"SubscriberStatus",
              CASE WHEN (i + n) % 97 = 0 THEN '[{"errorCode": "email_domain_taken",
                "description": "The email domain belongs to another customer."}]'::jsonb END,
              1, now(), now() - make_interval(secs => $7::int - i), now()
         FROM generate_series($5::int, $6::int) AS i, generate_series(1, $8::int) AS n`,
      [label, id, templateIds, prefix, from, to, range.total, range.perCustomer],
    );
    if (!options.auditEntries) {
      process.stdout.write(`\r  loaded ${to.toLocaleString('en')} customers of ${partner.label}`);
      continue;
    }
    await sql.query(
      `INSERT INTO audit_entry (partner_id, actor_label, action, target_type, target_id, outcome,
                                tracking_id, created_at)
       SELECT $2::uuid, 'flowthrough:bench', 'subscriber.flowthrough_add', 'subscriber',
              md5($1 || ':sub:' || i || ':' || n)::uuid::text, 'success',
              'PHUB_20261203_' || substr(md5($1 || ':track:' || i || ':' || n), 1, 24),
              now() - make_interval(secs => $5::int - i)
         FROM generate_series($3::int, $4::int) AS i, generate_series(1, $6::int) AS n`,
      [label, id, from, to, range.total, range.perCustomer],
    );
    process.stdout.write(`\r  loaded ${to.toLocaleString('en')} customers of ${partner.label}`);
  }
  process.stdout.write('\n');
}
