/**
 * Measures the customer search: loads customers and subscribers of realistic shape straight
 * into a fresh database, starts the built app on it, and times the search API for every kind
 * of search and the customer list page, first at a small size and again at the full size.
 *
 *   npm run build && npm run bench:search -- --database both
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { openDatabase, type DatabaseTarget } from '@/lib/db/database';
import { migrate } from '@/lib/db/migrate';

import {
  benchPassword,
  loadCustomers,
  nameWords,
  rowFacts,
  seedPartner,
  type Partner,
} from './bench/customers';
import { percentile } from './bench/load';
import { startBenchApp } from './bench/app';
import { stopNode } from './bench/processes';
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
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;

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

      app = await startBenchApp(target, dataDir);
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
