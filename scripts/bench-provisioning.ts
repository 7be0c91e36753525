/**
 * Measures the flowthrough endpoint: how fast the production app accepts adds compared with
 * a bare node:http server doing the same durable write, how long the background work takes
 * until every subscriber is provisioned, and how much memory the app uses meanwhile.
 *
 *   npm run build && npm run bench:provisioning -- --database both
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

import { openDatabase } from '@/lib/db/database';

import { loadAgent, runLoad, type LoadResult } from './bench/load';
import {
  cpuSecondsOf,
  cpuSecondsBetween,
  cpuSecondsByPid,
  freePort,
  machineCpuTicks,
  sampleUsage,
  startNode,
  stopNode,
  waitForHttp,
  waitUntilIdle,
  type NodeProcess,
  type Usage,
} from './bench/processes';
import { fixed, mebibytes, table, verdict } from './bench/report';
import { addBody, seedTemplate, signIn, type FlowthroughCredential } from './bench/seed';
import {
  createBareTables,
  createBenchDatabase,
  dropBenchDatabase,
  prepareBarePGlite,
  progressOf,
  readOutcome,
  type ProvisioningOutcome,
} from './bench/stores';

type DatabaseKind = 'pglite' | 'postgres';
type Phase = 'accept' | 'e2e' | 'workers';

const root = path.resolve(import.meta.dirname, '..');
const targets = { throughputRatio: 0.5, p99Ms: 50, endToEndSeconds: 60 };

function readOptions() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      'e2e-requests': { type: 'string' },
      enterprises: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      database: { type: 'string' },
      phases: { type: 'string' },
      timeout: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });

  if (values.help) {
    console.log(`npm run bench:provisioning -- [options]   (each also as BENCH_<NAME> in the env)
  --requests N       adds in the accept measurement (20000)
  --e2e-requests N   adds in each end-to-end run (10000)
  --enterprises N    enterprises the users are spread over (500)
  --concurrency N    concurrent keep-alive clients (50)
  --warmup N         adds sent before measuring accept throughput (3000)
  --database D       pglite | postgres | both (pglite, plus postgres when DATABASE_URL is set)
  --phases P         comma-separated: accept,e2e,workers (all)
  --timeout S        budget in seconds of each load or wait (600)
  --out FILE         JSON results (bench-results/provisioning-<time>.json)
  --keep             keep the temporary data directories and logs
BENCH_APP_NODE_ARGS  extra node flags for the app process, e.g. "--cpu-prof --cpu-prof-dir=DIR"`);
    process.exit(0);
  }

  const number = (flag: string | undefined, env: string, fallback: number) => {
    const raw = flag ?? process.env[env];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`${env} must be a positive whole number, got "${raw}"`);
    }
    return value;
  };

  const databaseUrl = process.env.DATABASE_URL || undefined;
  const database =
    values.database || process.env.BENCH_DATABASE || (databaseUrl ? 'both' : 'pglite');
  const databases = ({ pglite: ['pglite'], postgres: ['postgres'], both: ['pglite', 'postgres'] }[
    database
  ] ?? []) as DatabaseKind[];
  if (databases.length === 0) throw new Error(`--database must be pglite, postgres or both`);
  if (databases.includes('postgres') && !databaseUrl) {
    throw new Error('--database postgres needs DATABASE_URL (a role allowed to create databases)');
  }

  const phases = (values.phases ?? process.env.BENCH_PHASES ?? 'accept,e2e,workers')
    .split(',')
    .map((phase) => phase.trim());
  const unknown = phases.filter((phase) => !['accept', 'e2e', 'workers'].includes(phase));
  if (unknown.length) throw new Error(`unknown phase(s) ${unknown.join(', ')}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');

  return {
    requests: number(values.requests, 'BENCH_REQUESTS', 20_000),
    e2eRequests: number(values['e2e-requests'], 'BENCH_E2E_REQUESTS', 10_000),
    enterprises: number(values.enterprises, 'BENCH_ENTERPRISES', 500),
    concurrency: number(values.concurrency, 'BENCH_CONCURRENCY', 50),
    warmup: number(values.warmup, 'BENCH_WARMUP', 3000),
    budgetMs: number(values.timeout, 'BENCH_TIMEOUT', 600) * 1000,
    databases,
    databaseUrl,
    phases: new Set(phases as Phase[]),
    out: path.resolve(
      values.out ??
        process.env.BENCH_OUT ??
        path.join(root, 'bench-results', `provisioning-${stamp}.json`),
    ),
    keep: values.keep ?? process.env.BENCH_KEEP === 'true',
  };
}

type Options = ReturnType<typeof readOptions>;

type Store =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; dataDir: string; url: string; name: string };

interface App {
  node: NodeProcess;
  baseUrl: string;
  port: number;
  credential: FlowthroughCredential;
}

/** Everything started or created, so that an error or Ctrl-C still leaves nothing behind. */
class Session {
  readonly workDir = mkdtempSync(path.join(os.tmpdir(), 'partner-hub-bench-'));
  private readonly processes = new Set<NodeProcess>();
  private readonly databases = new Set<string>();
  private released = false;
  private counter = 0;
  private readonly admin = {
    email: 'bench-admin@bench.example',
    password: randomBytes(18).toString('base64url'),
  };

  constructor(readonly options: Options) {}

  next(label: string): string {
    this.counter++;
    return `${this.counter}-${label}`;
  }

  start(options: {
    name: string;
    script: string;
    env: NodeJS.ProcessEnv;
    nodeArgs?: string[];
  }): NodeProcess {
    this.assertOpen();
    const logFile = path.join(this.workDir, `${this.next(options.name.replace(/\W+/g, '-'))}.log`);
    const node = startNode({ ...options, cwd: root, logFile });
    this.processes.add(node);
    return node;
  }

  async stop(node: NodeProcess): Promise<void> {
    const outcome = await stopNode(node);
    this.processes.delete(node);
    if (outcome === 'killed') console.warn(`  ${node.name} did not stop on SIGTERM and was killed`);
  }

  async freshStore(kind: DatabaseKind, label: string): Promise<Store> {
    this.assertOpen();
    const dataDir = path.join(this.workDir, this.next(label));
    mkdirSync(dataDir, { recursive: true });
    if (kind === 'pglite') return { kind, dataDir };

    const name = `partner_hub_bench_${process.pid}_${this.counter}`;
    const url = await createBenchDatabase(this.options.databaseUrl!, name);
    this.databases.add(name);
    return { kind, dataDir, url, name };
  }

  async dropStore(store: Store): Promise<void> {
    if (store.kind !== 'postgres') return;

    await dropBenchDatabase(this.options.databaseUrl!, store.name);
    this.databases.delete(store.name);
  }

  async startApp(store: Store, options: { workerInProcess: boolean }): Promise<App> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const node = this.start({
      name: 'app',
      script: 'server.ts',
      // For example "--cpu-prof --cpu-prof-dir=/tmp/profiles", which NODE_OPTIONS refuses.
      nodeArgs: process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        APP_BASE_URL: baseUrl,
        NEXTAUTH_URL: baseUrl,
        DATA_DIR: store.dataDir,
        PGLITE_DATA_DIR: path.join(store.dataDir, 'pglite'),
        DATABASE_URL: store.kind === 'postgres' ? store.url : '',
        MIGRATE_ON_START: 'true',
        WORKER_IN_PROCESS: String(options.workerInProcess),
        NEXTAUTH_SECRET: randomBytes(48).toString('base64url'),
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        ADMIN_EMAIL: this.admin.email,
        ADMIN_PASSWORD: this.admin.password,
        PARTNER_NAME: 'Bench partner',
        TRUST_PROXY: 'false',
        // The bench measures capacity, not the limiter; the limiter's own work still counts.
        RATE_LIMIT_CREDENTIAL_PER_MINUTE:
          process.env.RATE_LIMIT_CREDENTIAL_PER_MINUTE ?? '1000000000',
        RATE_LIMIT_ADDRESS_PER_MINUTE: process.env.RATE_LIMIT_ADDRESS_PER_MINUTE ?? '1000000000',
      },
    });
    await waitForHttp(node, `${baseUrl}/api/ready`, 120_000);

    const cookie = await signIn(baseUrl, this.admin);
    const credential = await seedTemplate(baseUrl, cookie);
    return { node, baseUrl, port, credential };
  }

  startWorker(store: Store & { kind: 'postgres' }): NodeProcess {
    return this.start({
      name: 'worker',
      script: 'scripts/worker.ts',
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: store.url },
    });
  }

  // After an interrupt the runs still unwind; they must not start anything new meanwhile.
  private assertOpen(): void {
    if (this.released) throw new Error('the bench was stopped');
  }

  /** Stops whatever is still running and drops the bench databases. */
  async release(): Promise<void> {
    this.released = true;
    await Promise.all([...this.processes].map((node) => this.stop(node)));
    for (const name of this.databases) {
      await dropBenchDatabase(this.options.databaseUrl!, name).catch((error: unknown) =>
        console.warn(`  could not drop database ${name}: ${(error as Error).message}`),
      );
    }
    this.databases.clear();
  }
}

function flowthroughLoad(
  options: Options,
  target: { port: number; credential: FlowthroughCredential },
  run: { prefix: string; requests: number; enterprises: number; agent?: Agent },
): Promise<LoadResult> {
  const { provisioningId, account, password } = target.credential;
  return runLoad({
    port: target.port,
    path: `/api/provisioning/${provisioningId}`,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${account}:${password}`).toString('base64')}`,
    },
    body: (index) => addBody(run.prefix, index, run.enterprises),
    requests: run.requests,
    concurrency: options.concurrency,
    expectedStatus: 202,
    budgetMs: options.budgetMs,
    agent: run.agent,
  });
}

interface AcceptMeasurement {
  load: LoadResult;
  warmup: LoadResult;
  cpuMsPerRequest: number;
  /** PostgreSQL's processes; null on PGlite, whose work counts in the server's own. */
  databaseCpuMsPerRequest: number | null;
  clientCpuMsPerRequest: number;
  /** How busy the machine's cores were during the measured requests, 0 to 1. */
  machineBusy: number;
  usage: Usage;
}

/** CPU time of the server, the database and this load client, while `work` runs. */
async function measuringCpu<T extends { completed: number }>(
  serverPid: number,
  kind: DatabaseKind,
  work: () => Promise<T>,
) {
  const databasePids = () => (kind === 'postgres' ? cpuSecondsByPid('postgres') : new Map());
  const before = {
    server: cpuSecondsOf(serverPid),
    database: databasePids(),
    client: process.cpuUsage(),
    machine: machineCpuTicks(),
  };

  const result = await work();

  const client = process.cpuUsage(before.client);
  const machine = machineCpuTicks();
  const perRequest = (seconds: number) => (seconds * 1000) / result.completed;
  return {
    result,
    cpuMsPerRequest: perRequest(cpuSecondsOf(serverPid) - before.server),
    databaseCpuMsPerRequest:
      kind === 'postgres' ? perRequest(cpuSecondsBetween(before.database, databasePids())) : null,
    clientCpuMsPerRequest: perRequest((client.user + client.system) / 1e6),
    machineBusy:
      (machine.busy - before.machine.busy) / Math.max(1, machine.total - before.machine.total),
  };
}

/**
 * Warms up, then measures over the connections the warm-up opened, as a provisioning adapter
 * keeps its connections; the server's CPU time counts only the measured requests.
 */
async function measureAccept(
  session: Session,
  target: { port: number; credential: FlowthroughCredential; node: NodeProcess },
  kind: DatabaseKind,
  prefix: string,
): Promise<AcceptMeasurement> {
  const { options } = session;
  const usage = sampleUsage(target.node.pid);
  const agent = loadAgent(options.concurrency);

  try {
    const warmup = await flowthroughLoad(options, target, {
      prefix: `${prefix}-warmup`,
      requests: options.warmup,
      enterprises: Math.min(50, options.enterprises),
      agent,
    });

    const { result: load, ...cpu } = await measuringCpu(target.node.pid, kind, () =>
      flowthroughLoad(options, target, {
        prefix,
        requests: options.requests,
        enterprises: options.enterprises,
        agent,
      }),
    );

    return { load, warmup, ...cpu, usage: usage.stop() };
  } finally {
    agent.destroy();
  }
}

interface AcceptColumn {
  label: string;
  measurement: AcceptMeasurement;
}

/**
 * The app as deployed; on PostgreSQL also without its in-process worker, which the bare
 * server has no counterpart of; then the bare server, one after the other on one store.
 */
async function acceptPhase(session: Session, kind: DatabaseKind): Promise<AcceptColumn[]> {
  const { options } = session;
  const columns: AcceptColumn[] = [];
  const store = await session.freshStore(kind, `${kind}-accept`);
  try {
    for (const workerInProcess of kind === 'postgres' ? [true, false] : [true]) {
      const label = workerInProcess ? 'app' : 'app, no worker';
      console.log(`  ${label}: ${options.requests} adds, ${options.concurrency} clients`);
      const app = await session.startApp(store, { workerInProcess });
      try {
        const measurement = await measureAccept(session, app, kind, `accept${columns.length}`);
        columns.push({ label, measurement });
      } finally {
        await session.stop(app.node);
      }
    }

    // The bare server writes into the same database, or into a PGlite of its own.
    let bareTarget: string;
    if (store.kind === 'postgres') {
      const database = openDatabase({ kind: 'postgres', url: store.url, poolSize: 1 });
      await createBareTables(database.sql).finally(() => database.close());
      bareTarget = store.url;
    } else {
      bareTarget = path.join(session.workDir, session.next('pglite-bare'));
      await prepareBarePGlite(bareTarget);
    }

    console.log(`  bare node:http server: the same load`);
    const port = await freePort();
    const bare = session.start({
      name: 'bare server',
      script: 'scripts/bench/bare-server.ts',
      env: {
        ...process.env,
        PORT: String(port),
        BENCH_BARE_DATABASE: kind,
        BENCH_BARE_TARGET: bareTarget,
      },
    });
    try {
      await waitForHttp(bare, `http://127.0.0.1:${port}/`, 60_000);
      const credential = { provisioningId: 'bare', account: 'bare', password: 'bare' };
      const measurement = await measureAccept(
        session,
        { node: bare, port, credential },
        kind,
        'bare',
      );
      columns.push({ label: 'bare node:http', measurement });
    } finally {
      await session.stop(bare);
    }

    return columns;
  } finally {
    await session.dropStore(store);
  }
}

interface EndToEndRun {
  label: string;
  workers: number;
  workersStart: 'in-process' | 'before-requests' | 'after-requests';
  load: LoadResult;
  outcome: ProvisioningOutcome;
  accepted: number;
  complete: boolean;
  /** From the first request until the last subscriber was provisioned. */
  endToEndSeconds: number;
  /** From the first request until the last job finished. */
  queueEmptySeconds: number;
  /** From the first to the last job finished. */
  jobSeconds: number;
  /** Workers started after the requests: from their first to their last finished job. */
  drainSeconds: number;
  jobsPerSecond: number;
  usage: Usage;
}

/**
 * Polls until every accepted subscriber is provisioned and the queue is empty: a subscriber
 * can be provisioned by its organisation's job while its own job still waits, a no-op.
 */
async function waitForQueue(url: string, expected: number, budgetMs: number) {
  const database = openDatabase({ kind: 'postgres', url, poolSize: 1 });
  const deadline = Date.now() + budgetMs;
  try {
    while (Date.now() < deadline) {
      const progress = await progressOf(database.sql);
      if (progress.provisioned >= expected && progress.unfinishedJobs === 0) return true;
      await sleep(250);
    }
    return false;
  } finally {
    await database.close();
  }
}

/**
 * Sends the adds and waits until the background work is done. On PostgreSQL the database is
 * polled; the embedded database belongs to the app process, so there the app is left to go
 * idle, stopped, and its directory read afterwards.
 */
async function endToEnd(
  session: Session,
  kind: DatabaseKind,
  run: { workers: number; workersStart: EndToEndRun['workersStart'] },
): Promise<EndToEndRun> {
  const { options } = session;
  const label =
    run.workersStart === 'in-process'
      ? 'worker in the app'
      : `${run.workers} worker process${run.workers > 1 ? 'es' : ''}, started ${
          run.workersStart === 'before-requests' ? 'before the requests' : 'after the requests'
        }`;
  console.log(`  end to end, ${label}: ${options.e2eRequests} adds`);

  const store = await session.freshStore(kind, `${kind}-e2e`);
  const workers: NodeProcess[] = [];
  try {
    const app = await session.startApp(store, {
      workerInProcess: run.workersStart === 'in-process',
    });
    const sampler = sampleUsage(app.node.pid);
    let usage: Usage;
    let load: LoadResult;
    let accepted: number;
    try {
      if (store.kind === 'postgres' && run.workersStart === 'before-requests') {
        for (let index = 0; index < run.workers; index++) workers.push(session.startWorker(store));
      }

      load = await flowthroughLoad(options, app, {
        prefix: 'e2e',
        requests: options.e2eRequests,
        enterprises: options.enterprises,
      });
      accepted = load.statuses['202'] ?? 0;

      if (store.kind === 'postgres') {
        if (run.workersStart === 'after-requests') {
          for (let index = 0; index < run.workers; index++) {
            workers.push(session.startWorker(store));
          }
        }
        const done = await waitForQueue(store.url, accepted, options.budgetMs);
        if (!done) console.warn('  the queue was not empty when the budget ran out');
      } else {
        const idle = await waitUntilIdle(app.node.pid, {
          windowMs: 2_000,
          busyShare: 0.1,
          budgetMs: options.budgetMs,
        });
        if (!idle) console.warn('  the app was still busy when the budget ran out');
      }
    } finally {
      usage = sampler.stop();
      for (const worker of workers) await session.stop(worker);
      await session.stop(app.node);
    }

    const outcome = await readOutcome(
      store.kind === 'postgres'
        ? { kind: 'postgres', url: store.url, poolSize: 1 }
        : { kind: 'pglite', dir: path.join(store.dataDir, 'pglite') },
    );
    const last = outcome.lastJobFinishedAt?.getTime();
    const first = outcome.firstJobFinishedAt?.getTime();
    const jobSeconds = last && first ? (last - first) / 1000 : Number.NaN;
    const secondsSinceStart = (moment: Date | null) =>
      moment ? (moment.getTime() - load.startedAt) / 1000 : Number.NaN;

    return {
      label,
      workers: run.workers,
      workersStart: run.workersStart,
      load,
      outcome,
      accepted,
      complete: outcome.provisioned === options.e2eRequests,
      endToEndSeconds: secondsSinceStart(outcome.lastProvisionedAt),
      queueEmptySeconds: secondsSinceStart(outcome.lastJobFinishedAt),
      jobSeconds,
      drainSeconds: run.workersStart === 'after-requests' ? jobSeconds : Number.NaN,
      jobsPerSecond: outcome.succeededJobs / jobSeconds,
      usage,
    };
  } finally {
    await session.dropStore(store);
  }
}

function latencyCell(load: LoadResult): string {
  const { p50, p95, p99 } = load.latencyMs;
  return `${fixed(p50)} / ${fixed(p95)} / ${fixed(p99)}`;
}

function unexpectedCell(load: LoadResult): string {
  const others = Object.entries(load.statuses).filter(([status]) => status !== '202');
  const missing = load.requests - load.completed;
  const parts = others.map(([status, count]) => `${count}x ${status}`);
  if (missing > 0) parts.push(`${missing} not sent (budget)`);
  return parts.length ? parts.join(', ') : '0';
}

function acceptTable(kind: DatabaseKind, columns: AcceptColumn[], concurrency: number) {
  const bare = columns.at(-1)!.measurement;
  const row = (label: string, cell: (measurement: AcceptMeasurement) => string) => [
    label,
    ...columns.map((column) => cell(column.measurement)),
  ];
  const share = (app: AcceptMeasurement) => app.load.throughput / bare.load.throughput;

  return table(
    `Accept throughput on ${kind}: ${bare.load.requests} adds, ${concurrency} keep-alive clients`,
    ['', ...columns.map((column) => column.label)],
    [
      row('throughput (req/s)', (m) => fixed(m.load.throughput)),
      row('latency p50 / p95 / p99 (ms)', (m) => latencyCell(m.load)),
      row('latency max (ms)', (m) => fixed(m.load.latencyMs.max)),
      row('answers other than 202', (m) => unexpectedCell(m.load)),
      row('server CPU per request (ms)', (m) => fixed(m.cpuMsPerRequest, 2)),
      row('CPU-bound ceiling, one core (req/s)', (m) => fixed(1000 / m.cpuMsPerRequest, 0)),
      row('database CPU per request (ms)', (m) =>
        m.databaseCpuMsPerRequest === null ? 'in server' : fixed(m.databaseCpuMsPerRequest, 2),
      ),
      row('load client CPU per request (ms)', (m) => fixed(m.clientCpuMsPerRequest, 2)),
      row(`machine busy (${os.cpus().length} cores)`, (m) => `${fixed(m.machineBusy * 100, 0)}%`),
      row('peak RSS (VmHWM)', (m) => mebibytes(m.usage.highWaterBytes)),
      row('warm-up throughput (req/s)', (m) => fixed(m.warmup.throughput)),
      row(`target: >= ${targets.throughputRatio * 100}% of bare`, (m) =>
        m === bare
          ? ''
          : `${fixed(share(m) * 100, 0)}% ${verdict(share(m) >= targets.throughputRatio)}`,
      ),
      row(`target: p99 < ${targets.p99Ms} ms`, (m) =>
        m === bare ? '' : verdict(m.load.latencyMs.p99 < targets.p99Ms),
      ),
    ],
  );
}

function endToEndTable(kind: DatabaseKind, runs: EndToEndRun[]) {
  return table(
    `End to end on ${kind}: adds until every subscriber is provisioned`,
    [
      'run',
      'accept req/s',
      'p99 ms',
      'provisioned (s)',
      `< ${targets.endToEndSeconds} s`,
      'queue empty (s)',
      'drain (s)',
      'jobs/s',
      'non-202',
      'provisioned',
      'subscribers',
      'orgs',
      'jobs',
      'run >1',
      'failed',
      'unfinished',
      'app RSS peak',
    ],
    runs.map((run) => [
      run.label,
      fixed(run.load.throughput),
      fixed(run.load.latencyMs.p99),
      fixed(run.endToEndSeconds),
      verdict(run.complete && run.endToEndSeconds < targets.endToEndSeconds),
      fixed(run.queueEmptySeconds),
      Number.isNaN(run.drainSeconds) ? '' : fixed(run.drainSeconds),
      fixed(run.jobsPerSecond, 0),
      unexpectedCell(run.load),
      `${run.outcome.provisioned}/${run.load.requests}`,
      String(run.outcome.subscribers),
      String(run.outcome.customerOrgs),
      String(run.outcome.jobs),
      String(run.outcome.jobsRunMoreThanOnce),
      String(run.outcome.failedJobs),
      String(run.outcome.unfinishedJobs),
      mebibytes(run.usage.highWaterBytes),
    ]),
  );
}

/**
 * Two worker processes against one, for each start: before the requests, the time until every
 * subscriber is provisioned; after them, the time the workers took to drain the queue.
 */
function workersTable(runs: EndToEndRun[]): string | null {
  const find = (workers: number, workersStart: EndToEndRun['workersStart']) =>
    runs.find((run) => run.workers === workers && run.workersStart === workersStart);
  const rows: string[][] = [];

  for (const workersStart of ['before-requests', 'after-requests'] as const) {
    const one = find(1, workersStart);
    const two = find(2, workersStart);
    if (!one || !two) continue;

    const seconds = (run: EndToEndRun) =>
      workersStart === 'after-requests' ? run.drainSeconds : run.endToEndSeconds;
    const bothComplete = one.complete && two.complete;
    rows.push([
      workersStart === 'after-requests' ? 'started after the requests (drain)' : 'started before',
      fixed(seconds(one)),
      fixed(seconds(two)),
      `${fixed(seconds(one) / seconds(two), 2)}x`,
      verdict(bothComplete && seconds(two) < seconds(one)),
      verdict(one.outcome.jobsRunMoreThanOnce === 0 && two.outcome.jobsRunMoreThanOnce === 0),
    ]);
  }
  if (rows.length === 0) return null;

  return table(
    'Worker processes on postgres: two against one',
    ['workers', 'one (s)', 'two (s)', 'speed-up', 'two faster', 'no job run twice'],
    rows,
  );
}

function checkBuild(): void {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const route = path.join(root, '.next', 'server', 'app', 'api', 'provisioning');
  if (!existsSync(buildId)) {
    throw new Error('No production build found (.next/BUILD_ID). Run `npm run build` first.');
  }
  if (!existsSync(route)) {
    throw new Error(
      'The production build has no flowthrough endpoint; it predates it. Run `npm run build`.',
    );
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  checkBuild();

  const session = new Session(options);
  let interrupted = false;
  const interrupt = () => {
    if (interrupted) return;
    interrupted = true;
    console.error('\nInterrupted: stopping the processes and dropping the bench databases.');
    void session.release().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
  console.log(`Flowthrough bench on ${machine}; logs in ${session.workDir}`);
  const loadAtStart = os.loadavg()[0]!;
  if (loadAtStart > os.cpus().length / 2) {
    console.warn(
      `The load average is already ${loadAtStart.toFixed(1)}: other work on this machine ` +
        'lowers the throughput measured; CPU per request is less affected.',
    );
  }

  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    machine,
    options: { ...options, databaseUrl: undefined, phases: [...options.phases] },
    targets,
    loadAverageAtStart: os.loadavg(),
  };
  const tables: string[] = [];
  let failed = false;

  try {
    for (const kind of options.databases) {
      console.log(`\n${kind}`);
      const forKind: Record<string, unknown> = {};
      results[kind] = forKind;

      if (options.phases.has('accept')) {
        const accept = await acceptPhase(session, kind);
        forKind.accept = accept;
        tables.push(acceptTable(kind, accept, options.concurrency));
      }

      const runs: EndToEndRun[] = [];
      if (options.phases.has('e2e')) {
        runs.push(await endToEnd(session, kind, { workers: 0, workersStart: 'in-process' }));
      }
      if (options.phases.has('workers') && kind === 'postgres') {
        for (const workersStart of ['before-requests', 'after-requests'] as const) {
          for (const workers of [1, 2]) {
            runs.push(await endToEnd(session, kind, { workers, workersStart }));
          }
        }
      }
      if (runs.length) {
        forKind.endToEnd = runs;
        tables.push(endToEndTable(kind, runs));
        const workers = workersTable(runs);
        if (workers) tables.push(workers);
      }
    }
  } catch (error) {
    failed = true;
    if (!interrupted) console.error(`\nThe bench failed: ${(error as Error).stack ?? error}`);
  } finally {
    await session.release();
  }

  console.log(`\n${tables.join('\n\n')}`);
  if (tables.length) {
    console.log(
      '\nSeconds count from the first request. "provisioned": the last subscriber became' +
        '\nprovisioned; "queue empty": the last job finished. "drain": for workers started after' +
        '\nthe requests, from their first to their last finished job, their start-up left out.' +
        '\n"jobs/s": jobs finished per second between the first and the last finished job.' +
        '\n"run >1": jobs run more than once (attempts > 1); a job a worker hands back unrun,' +
        '\nbecause another worker is creating its organisation, does not count.',
    );
  }

  results.finishedAt = new Date().toISOString();
  results.loadAverageAtEnd = os.loadavg();
  console.log(`Load average (1, 5, 15 min) at the end: ${os.loadavg().map((l) => l.toFixed(1))}`);
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify(results, null, 2));
  console.log(`\nResults: ${options.out}`);

  if (failed) {
    console.log(`Logs kept in ${session.workDir}`);
    process.exitCode = 1;
  } else if (!options.keep) {
    rmSync(session.workDir, { recursive: true, force: true });
  }
}

// Failures during the runs are reported inside main; what reaches here is a setup problem.
main().catch((error: unknown) => {
  console.error(`Cannot run the bench: ${(error as Error).message}`);
  process.exitCode = 2;
});
