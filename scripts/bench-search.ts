/**
 * Measures the customer search: loads customers and subscribers of realistic shape straight
 * into a fresh database, starts the built app on it, and times the search API for every kind
 * of search and the customer list page, first at a small size and again at the full size.
 *
 *   npm run build && npm run bench:search -- --database both
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { hashPassword } from '@/lib/auth/password';
import { openDatabase, type DatabaseTarget } from '@/lib/db/database';
import type { SqlDriver } from '@/lib/db/driver';
import { migrate } from '@/lib/db/migrate';

import { percentile } from './bench/load';
import { freePort, startNode, stopNode, waitForHttp, type NodeProcess } from './bench/processes';
import { fixed, table, verdict } from './bench/report';
import { signIn } from './bench/seed';
import { createBenchDatabase, dropBenchDatabase } from './bench/stores';

type DatabaseKind = 'pglite' | 'postgres';
const kinds = ['name', 'orgId', 'spEnterpriseId', 'email', 'userId', 'trackingId'] as const;
type Kind = (typeof kinds)[number];

const root = path.resolve(import.meta.dirname, '..');
const targets = { searchP95Ms: 50, growth: 3, listP95Ms: 200 };

function readOptions() {
  const { values } = parseArgs({
    options: {
      database: { type: 'string' },
      customers: { type: 'string' },
      small: { type: 'string' },
      'subscribers-per-customer': { type: 'string' },
      queries: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });

  if (values.help) {
    console.log(`npm run bench:search -- [options]   (the app must be built: npm run build)
  --database D                  pglite | postgres | both (pglite, plus postgres with DATABASE_URL)
  --customers N                 customers at the full size (100000)
  --small N                     customers at the first measurement (1000)
  --subscribers-per-customer N  10 on PostgreSQL, 2 on PGlite
  --queries N                   requests per kind of search and size (200)
  --out FILE                    JSON results (bench-results/search-<time>.json)
  --keep                        keep the bench database and the app's log`);
    process.exit(0);
  }

  const number = (raw: string | undefined, flag: string, fallback: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${flag} must be a count`);
    return value;
  };

  const databaseUrl = process.env.DATABASE_URL || undefined;
  const database = values.database ?? (databaseUrl ? 'both' : 'pglite');
  const databases = ({ pglite: ['pglite'], postgres: ['postgres'], both: ['pglite', 'postgres'] }[
    database
  ] ?? []) as DatabaseKind[];
  if (databases.length === 0) throw new Error('--database must be pglite, postgres or both');
  if (databases.includes('postgres') && !databaseUrl) {
    throw new Error('--database postgres needs DATABASE_URL (a role allowed to create databases)');
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');

  return {
    databases,
    databaseUrl,
    customers: number(values.customers, 'customers', 100_000),
    small: number(values.small, 'small', 1_000),
    perCustomer: values['subscribers-per-customer']
      ? number(values['subscribers-per-customer'], 'subscribers-per-customer', 1)
      : undefined,
    queries: number(values.queries, 'queries', 200),
    out: path.resolve(values.out ?? path.join(root, 'bench-results', `search-${stamp}.json`)),
    keep: values.keep ?? false,
  };
}

type Options = ReturnType<typeof readOptions>;

// Words customer names are made of; some carry accents, so that accent-free searches count.
const nameWords = {
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
function rowFacts(label: string, prefix: string, i: number, perCustomer: number) {
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

interface Partner {
  id: string;
  label: string;
  prefix: string;
  templateIds: string[];
}

async function seedPartner(sql: SqlDriver, label: string, templates: number, email?: string) {
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

const benchPassword = 'bench search password';

/**
 * Customers `from`..`to` of the partner with their subscribers and one audit entry per
 * subscriber, in a few set-based statements per chunk. Ids derive from the row number, so the
 * queries later can name existing rows without reading them back.
 */
async function loadCustomers(
  sql: SqlDriver,
  partner: Partner,
  range: { from: number; to: number; perCustomer: number; total: number },
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

/** A search as support staff would type it for customer `i`. */
function queryFor(kind: Kind, partner: Partner, i: number, perCustomer: number): string {
  const facts = rowFacts(partner.label, partner.prefix, i, perCustomer);
  if (kind !== 'name') return kind === 'email' ? facts.email.toUpperCase() : facts[kind];

  // Part of one word of a name, as typed: three to eight letters, any case, no accents.
  const words = [...nameWords.trade, ...nameWords.place, ...nameWords.family].flatMap((words) =>
    words.split(' ').filter((word) => word.length >= 3),
  );
  const word = words[i % words.length]!.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const length = Math.min(word.length, 3 + (i % 6));
  const start = i % (word.length - length + 1);
  const part = word.slice(start, start + length);
  return i % 2 ? part.toUpperCase() : part.toLowerCase();
}

interface Timing {
  count: number;
  p50: number;
  p95: number;
  max: number;
  results?: number;
}

async function timeRequests(
  urls: string[],
  cookie: string,
  onBody?: (body: string) => number,
): Promise<Timing> {
  const latencies = new Float64Array(urls.length);
  let results = 0;
  for (const [index, url] of urls.entries()) {
    const started = performance.now();
    const response = await fetch(url, { headers: { Cookie: cookie } });
    const body = await response.text();
    latencies[index] = performance.now() - started;
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
    if (onBody) results += onBody(body);
  }
  latencies.sort();

  return {
    count: urls.length,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    max: latencies[latencies.length - 1]!,
    ...(onBody ? { results: results / urls.length } : {}),
  };
}

/** The bytes of JavaScript a first visit of the page loads: its script tags, raw and gzipped. */
async function firstLoadScripts(baseUrl: string, pagePath: string, cookie: string) {
  const html = await (await fetch(`${baseUrl}${pagePath}`, { headers: { Cookie: cookie } })).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let raw = 0;
  let gzipped = 0;
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(new URL(source, baseUrl))).arrayBuffer());
    raw += body.length;
    gzipped += gzipSync(body).length;
  }
  return { scripts: sources.length, raw, gzipped };
}

interface SizeResult {
  customers: number;
  subscribers: number;
  search: Record<Kind, Timing>;
  list: Record<string, Timing>;
  javascript?: Record<string, { scripts: number; raw: number; gzipped: number }>;
}

async function measure(
  options: Options,
  app: { baseUrl: string; cookie: string },
  partner: Partner,
  size: { customers: number; perCustomer: number },
  withJavascript: boolean,
): Promise<SizeResult> {
  const { baseUrl, cookie } = app;
  const api = (params: Record<string, string>) =>
    `${baseUrl}/api/customers?${new URLSearchParams(params)}`;
  const count = (body: string) => (JSON.parse(body) as { total: number }).total;
  // Spread over the whole range, with a fixed stride so every run asks the same questions.
  const rows = Array.from(
    { length: options.queries },
    (_, index) => 1 + ((index * 7919 + 13) % size.customers),
  );

  await timeRequests(
    rows.slice(0, 20).map((i) => api({ q: queryFor('name', partner, i, size.perCustomer) })),
    cookie,
  );

  const search = {} as Record<Kind, Timing>;
  for (const kind of kinds) {
    search[kind] = await timeRequests(
      rows.map((i) => api({ q: queryFor(kind, partner, i, size.perCustomer) })),
      cookie,
      count,
    );
    if (kind !== 'name' && search[kind].results! < 1) {
      throw new Error(`searches by ${kind} found nothing; the generator and the bench disagree`);
    }
  }

  const repeat = (url: string) => Array.from({ length: Math.min(options.queries, 100) }, () => url);
  const list = {
    'page /customers (HTML)': await timeRequests(repeat(`${baseUrl}/customers`), cookie),
    'API list, newest first': await timeRequests(repeat(api({})), cookie),
    'API list, by name, page 3': await timeRequests(
      repeat(api({ sort: 'name', page: '3' })),
      cookie,
    ),
    'API list, errors only': await timeRequests(repeat(api({ status: 'error' })), cookie),
    'API list, by template': await timeRequests(repeat(api({ sort: 'template' })), cookie),
  };

  let javascript: SizeResult['javascript'];
  if (withJavascript) {
    const orgId = rowFacts(partner.label, partner.prefix, 1, size.perCustomer).orgId;
    javascript = {
      '/customers': await firstLoadScripts(baseUrl, '/customers', cookie),
      '/customers/[id]': await firstLoadScripts(baseUrl, `/customers/${orgId}`, cookie),
    };
  }

  return {
    customers: size.customers,
    subscribers: size.customers * size.perCustomer,
    search,
    list,
    javascript,
  };
}

async function startApp(kind: DatabaseKind, target: DatabaseTarget, dataDir: string) {
  const port = await freePort();
  const node: NodeProcess = startNode({
    name: `app (${kind})`,
    cwd: root,
    script: 'server.ts',
    logFile: path.join(dataDir, 'app.log'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_BASE_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: target.kind === 'postgres' ? target.url : '',
      DATA_DIR: dataDir,
      PGLITE_DATA_DIR: target.kind === 'pglite' ? target.dir : path.join(dataDir, 'unused'),
      NEXTAUTH_SECRET: randomBytes(36).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(node, `${baseUrl}/api/ready`, 120_000);
  } catch (error) {
    await stopNode(node);
    throw error;
  }
  return { node, baseUrl };
}

async function runDatabase(options: Options, kind: DatabaseKind) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `partner-hub-bench-search-${kind}-`));
  const dbName = `bench_search_${randomBytes(4).toString('hex')}`;
  const target: DatabaseTarget =
    kind === 'postgres'
      ? {
          kind,
          url: await createBenchDatabase(options.databaseUrl!, dbName),
          poolSize: 4,
        }
      : { kind, dir: path.join(dataDir, 'pglite') };
  const perCustomer = options.perCustomer ?? (kind === 'postgres' ? 10 : 2);
  const email = `bench-support-${randomBytes(3).toString('hex')}@bench.example`;
  const sizes = [...new Set([Math.min(options.small, options.customers), options.customers])];
  const results: SizeResult[] = [];
  let app: Awaited<ReturnType<typeof startApp>> | undefined;

  console.log(`\n${kind}: ${dataDir}`);
  try {
    let database = openDatabase(target);
    await migrate(database.sql);
    const partner = await seedPartner(database.sql, 'a', 50, email);
    // Another partner with look-alike data, so that every query has rows to leave out.
    const other = await seedPartner(database.sql, 'b', 5);
    await loadCustomers(database.sql, other, {
      from: 1,
      to: Math.min(1_000, options.customers),
      perCustomer,
      total: options.customers,
    });

    let loaded = 0;
    for (const [index, customers] of sizes.entries()) {
      const started = performance.now();
      await loadCustomers(database.sql, partner, {
        from: loaded + 1,
        to: customers,
        perCustomer,
        total: options.customers,
      });
      loaded = customers;
      await database.sql.exec('VACUUM ANALYZE');
      console.log(
        `  ${customers} customers loaded in ${fixed((performance.now() - started) / 1000)} s`,
      );
      // The embedded database belongs to one process at a time: the app opens it next.
      await database.close();

      app = await startApp(kind, target, dataDir);
      const cookie = await signIn(app.baseUrl, { email, password: benchPassword });
      results.push(
        await measure(
          options,
          { baseUrl: app.baseUrl, cookie },
          partner,
          { customers, perCustomer },
          index === sizes.length - 1,
        ),
      );
      await stopNode(app.node);
      app = undefined;

      if (index < sizes.length - 1) database = openDatabase(target);
    }
  } finally {
    if (app) await stopNode(app.node);
    if (!options.keep) {
      if (kind === 'postgres') await dropBenchDatabase(options.databaseUrl!, dbName);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  return { database: kind, subscribersPerCustomer: perCustomer, sizes: results };
}

function report(run: Awaited<ReturnType<typeof runDatabase>>) {
  const [small, large] = [run.sizes[0]!, run.sizes.at(-1)!];
  const searchRows = kinds.map((kind) => {
    const growth = large.search[kind].p95 / small.search[kind].p95;
    return [
      kind,
      fixed(small.search[kind].p50),
      fixed(small.search[kind].p95),
      fixed(large.search[kind].p50),
      fixed(large.search[kind].p95),
      fixed(large.search[kind].results, 1),
      `${fixed(growth, 2)}x`,
      verdict(large.search[kind].p95 < targets.searchP95Ms && growth < targets.growth),
    ];
  });
  console.log(
    '\n' +
      table(
        `Search API on ${run.database}, ms (${small.customers} → ${large.customers} customers, ` +
          `${large.subscribers} subscribers; target p95 < ${targets.searchP95Ms} ms, growth < ${targets.growth}x)`,
        ['kind', 'p50 small', 'p95 small', 'p50 full', 'p95 full', 'found', 'growth', 'target'],
        searchRows,
      ),
  );
  console.log(
    '\n' +
      table(
        `Customer list on ${run.database} at ${large.customers} customers, ms (target p95 < ${targets.listP95Ms} ms)`,
        ['request', 'p50', 'p95', 'max', 'target'],
        Object.entries(large.list).map(([name, timing]) => [
          name,
          fixed(timing.p50),
          fixed(timing.p95),
          fixed(timing.max),
          verdict(timing.p95 < targets.listP95Ms),
        ]),
      ),
  );
  if (large.javascript) {
    console.log(
      '\n' +
        table(
          'First-load JavaScript per route',
          ['route', 'scripts', 'KiB', 'KiB gzipped'],
          Object.entries(large.javascript).map(([route, size]) => [
            route,
            String(size.scripts),
            fixed(size.raw / 1024),
            fixed(size.gzipped / 1024),
          ]),
        ),
    );
  }
}

async function main() {
  const options = readOptions();
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    throw new Error('Build the app first: npm run build');
  }

  const runs = [];
  for (const kind of options.databases) {
    const run = await runDatabase(options, kind);
    report(run);
    runs.push(run);
  }

  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify({ options, targets, runs }, null, 2));
  console.log(`\nresults: ${options.out}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
