/**
 * Measures the analytics API: loads the customers and subscribers of the customer search
 * benchmark and a request log of provisioning traffic straight into a fresh database, sums the
 * request log's past days as the app's periodic job does, starts the built app on it, and times
 * GET /api/analytics for several filters.
 *
 *   npm run build && npm run bench:analytics -- --database both
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { openDatabase, type DatabaseTarget } from '@/lib/db/database';
import type { SqlDriver } from '@/lib/db/driver';
import { migrate } from '@/lib/db/migrate';
import { rollUpRequestLog } from '@/lib/analytics/request-log-rollup';

import { benchPassword, loadCustomers, seedPartner, type Partner } from './bench/customers';
import { percentile } from './bench/load';
import { startBenchApp } from './bench/app';
import { stopNode } from './bench/processes';
import { fixed, table, verdict } from './bench/report';
import { signIn } from './bench/seed';
import { createBenchDatabase, dropBenchDatabase } from './bench/stores';

type DatabaseKind = 'pglite' | 'postgres';

const root = path.resolve(import.meta.dirname, '..');
const targets = { p95Ms: 250 };

function readOptions() {
  const { values } = parseArgs({
    options: {
      database: { type: 'string' },
      customers: { type: 'string' },
      'subscribers-per-customer': { type: 'string' },
      requests: { type: 'string' },
      days: { type: 'string' },
      queries: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });

  if (values.help) {
    console.log(`npm run bench:analytics -- [options]   (the app must be built: npm run build)
  --database D                  pglite | postgres | both (pglite, plus postgres with DATABASE_URL)
  --customers N                 customers of the measured partner (100000)
  --subscribers-per-customer N  10 on PostgreSQL, 2 on PGlite
  --requests N                  request log rows of the measured partner (1000000)
  --days N                      days the request log spreads over (90)
  --queries N                   requests per filter (100)
  --out FILE                    JSON results (bench-results/analytics-<time>.json)
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
    perCustomer: values['subscribers-per-customer']
      ? number(values['subscribers-per-customer'], 'subscribers-per-customer', 1)
      : undefined,
    requests: number(values.requests, 'requests', 1_000_000),
    days: number(values.days, 'days', 90),
    queries: number(values.queries, 'queries', 100),
    out: path.resolve(values.out ?? path.join(root, 'bench-results', `analytics-${stamp}.json`)),
    keep: values.keep ?? false,
  };
}

type Options = ReturnType<typeof readOptions>;

/**
 * Request log rows `1..rows` of the partner, spread evenly over the last `days` days: mostly
 * flowthrough requests of its templates, some of the public API without a template, a few of
 * the hub's own pages that analytics leaves out; about one in thirty failed, with an error code
 * or, now and then, only a status.
 */
async function loadRequestLog(
  sql: SqlDriver,
  partner: Partner,
  range: { rows: number; days: number },
) {
  const chunk = 200_000;
  const spanSeconds = range.days * 24 * 60 * 60;

  for (let from = 1; from <= range.rows; from += chunk) {
    const to = Math.min(range.rows, from + chunk - 1);
    await sql.query(
      `INSERT INTO request_log (tracking_id, partner_id, template_id, credential, method, route,
                                status, duration_ms, error_code, client_ip, created_at)
       SELECT 'PHUB_bench_' || $1 || '_' || i, $2::uuid,
              CASE WHEN i % 20 < 16 THEN ($3::uuid[])[1 + (i % cardinality($3::uuid[]))] END,
              CASE WHEN i % 20 < 19 THEN 'bench-credential' END,
              CASE WHEN i % 20 < 16 THEN 'POST' ELSE 'GET' END,
              CASE WHEN i % 20 < 16 THEN '/api/provisioning/bench-' || $1 || '-' || (i % 50)
                   WHEN i % 20 < 19 THEN '/api/v1/broadworks/subscribers'
                   ELSE '/api/customers' END,
              CASE WHEN i % 31 = 0 THEN 400 WHEN i % 97 = 0 THEN 401 WHEN i % 89 = 0 THEN 409
                   WHEN i % 211 = 0 THEN 429 WHEN i % 499 = 0 THEN 503
                   ELSE 202 END,
              5 + i % 40,
              CASE WHEN i % 31 = 0 AND i % 3 <> 0 THEN 'invalid_body'
                   WHEN i % 97 = 0 THEN 'unauthorized' WHEN i % 89 = 0 THEN 'conflict'
                   WHEN i % 211 = 0 THEN 'too_many_requests' END,
              '192.0.2.' || (i % 250),
              now() - make_interval(secs => (i::float8 * $6 / $5))
         FROM generate_series($4::int, $7::int) AS i`,
      [partner.label, partner.id, partner.templateIds, from, range.rows, spanSeconds, to],
    );
    process.stdout.write(`\r  logged ${to.toLocaleString('en')} requests of ${partner.label}`);
  }
  process.stdout.write('\n');
}

interface Timing {
  count: number;
  p50: number;
  p95: number;
  max: number;
  requests: number;
  subscribers: number;
}

async function timeRequests(url: string, count: number, cookie: string): Promise<Timing> {
  const latencies = new Float64Array(count);
  let body: { provisioning: { requests: number }; subscribers: { total: number } } | undefined;
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { Cookie: cookie } });
    const text = await response.text();
    latencies[index] = performance.now() - started;
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
    body = JSON.parse(text);
  }
  latencies.sort();

  return {
    count,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    max: latencies[count - 1]!,
    requests: body!.provisioning.requests,
    subscribers: body!.subscribers.total,
  };
}

async function measure(
  options: Options,
  app: { baseUrl: string; cookie: string },
  partner: Partner,
) {
  const api = (params: Record<string, string>) =>
    `${app.baseUrl}/api/analytics?${new URLSearchParams(params)}`;
  const template = partner.templateIds[7]!;
  const day = (daysAgo: number) =>
    new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const filters: Record<string, string> = {
    'last 30 days (default)': api({}),
    'last 7 days': api({ period: '7d' }),
    'last 90 days': api({ period: '90d' }),
    'last 90 days, one template': api({ period: '90d', templateId: template }),
    'last 7 days, one template': api({ period: '7d', templateId: template }),
    '60 dates from–to, one template': api({ from: day(75), to: day(16), templateId: template }),
  };

  await timeRequests(api({}), 5, app.cookie);

  const results: Record<string, Timing> = {};
  for (const [name, url] of Object.entries(filters)) {
    results[name] = await timeRequests(url, options.queries, app.cookie);
  }

  return results;
}

async function runDatabase(options: Options, kind: DatabaseKind) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `partner-hub-bench-analytics-${kind}-`));
  const dbName = `bench_analytics_${randomBytes(4).toString('hex')}`;
  const target: DatabaseTarget =
    kind === 'postgres'
      ? { kind, url: await createBenchDatabase(options.databaseUrl!, dbName), poolSize: 4 }
      : { kind, dir: path.join(dataDir, 'pglite') };
  const perCustomer = options.perCustomer ?? (kind === 'postgres' ? 10 : 2);
  const email = `bench-support-${randomBytes(3).toString('hex')}@bench.example`;
  const withoutAudit = { auditEntries: false };
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;

  console.log(`\n${kind}: ${dataDir}`);
  try {
    const started = performance.now();
    const database = openDatabase(target);
    await migrate(database.sql);
    const partner = await seedPartner(database.sql, 'a', 50, email);
    // Another partner with look-alike data, so that every query has rows to leave out.
    const other = await seedPartner(database.sql, 'b', 5);
    const otherCustomers = Math.min(1_000, options.customers);
    const size = { perCustomer, total: options.customers };
    await loadCustomers(
      database.sql,
      other,
      { from: 1, to: otherCustomers, ...size },
      withoutAudit,
    );
    await loadRequestLog(database.sql, other, {
      rows: Math.ceil(options.requests / 10),
      days: options.days,
    });
    await loadCustomers(
      database.sql,
      partner,
      { from: 1, to: options.customers, ...size },
      withoutAudit,
    );
    await loadRequestLog(database.sql, partner, { rows: options.requests, days: options.days });
    const loadSeconds = (performance.now() - started) / 1000;
    console.log(`  loaded in ${fixed(loadSeconds)} s`);

    // What the periodic job does in the app: sum every day before today once.
    const rollUpStarted = performance.now();
    const rolledUp = await database.prisma.$transaction((tx) => rollUpRequestLog(tx), {
      timeout: 30 * 60_000,
      maxWait: 60_000,
    });
    const rollUpSeconds = (performance.now() - rollUpStarted) / 1000;
    console.log(
      `  summed ${rolledUp.from} to ${rolledUp.until} into ${rolledUp.rows} rows ` +
        `in ${fixed(rollUpSeconds)} s`,
    );
    await database.sql.exec('VACUUM ANALYZE');
    // The embedded database belongs to one process at a time: the app opens it next.
    await database.close();

    app = await startBenchApp(target, dataDir);
    const cookie = await signIn(app.baseUrl, { email, password: benchPassword });
    const loadBefore = os.loadavg();
    const timings = await measure(options, { baseUrl: app.baseUrl, cookie }, partner);
    const loadAfter = os.loadavg();

    return {
      database: kind,
      customers: options.customers,
      subscribers: options.customers * perCustomer,
      requestLogRows: options.requests,
      loadSeconds,
      rollUpSeconds,
      loadAverage: { before: loadBefore, after: loadAfter },
      timings,
    };
  } finally {
    if (app) await stopNode(app.node);
    if (!options.keep) {
      if (kind === 'postgres') await dropBenchDatabase(options.databaseUrl!, dbName);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

function report(run: Awaited<ReturnType<typeof runDatabase>>) {
  const load = (values: number[]) => values.map((value) => fixed(value, 2)).join(' ');
  console.log(
    '\n' +
      table(
        `Analytics API on ${run.database}, ms (${run.customers} customers, ${run.subscribers} ` +
          `subscribers, ${run.requestLogRows} request log rows; target p95 < ${targets.p95Ms} ms)`,
        ['filter', 'p50', 'p95', 'max', 'requests', 'subscribers', 'target'],
        Object.entries(run.timings).map(([name, timing]) => [
          name,
          fixed(timing.p50),
          fixed(timing.p95),
          fixed(timing.max),
          String(timing.requests),
          String(timing.subscribers),
          verdict(timing.p95 < targets.p95Ms),
        ]),
      ),
  );
  console.log(
    `load average (1, 5, 15 min) before: ${load(run.loadAverage.before)}, ` +
      `after: ${load(run.loadAverage.after)} on ${os.cpus().length} cores`,
  );
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
