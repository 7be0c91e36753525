import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface NodeProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Runs a TypeScript entry point with tsx's loader in the node process itself, so the pid is
 * the one doing the work (the tsx command would put a wrapper process in between).
 */
export function startNode(options: {
  name: string;
  cwd: string;
  script: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  nodeArgs?: string[];
}): NodeProcess {
  const log = openSync(options.logFile, 'a');
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', options.script];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (!child.pid) throw new Error(`could not start ${options.name}`);

  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
  });
  return { name: options.name, child, pid: child.pid, logFile: options.logFile, exited };
}

function alive(node: NodeProcess): boolean {
  return node.child.exitCode === null && node.child.signalCode === null;
}

export async function waitForHttp(node: NodeProcess, url: string, budgetMs: number) {
  const deadline = Date.now() + budgetMs;

  while (Date.now() < deadline) {
    if (!alive(node)) throw new Error(`${node.name} exited early; see ${node.logFile}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`${node.name} was not ready within ${budgetMs / 1000} s; see ${node.logFile}`);
}

/** SIGTERM, then SIGKILL if the process has not exited within the budget. */
export async function stopNode(
  node: NodeProcess,
  budgetMs = 15_000,
): Promise<'graceful' | 'killed'> {
  if (!alive(node)) return 'graceful';

  node.child.kill('SIGTERM');
  const outcome = await Promise.race([
    node.exited.then(() => 'graceful' as const),
    sleep(budgetMs),
  ]);
  if (outcome === 'graceful') return outcome;

  node.child.kill('SIGKILL');
  await Promise.race([node.exited, sleep(5_000)]);
  return 'killed';
}

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

let ticksPerSecond: number | undefined;

/** User plus system CPU time of a process so far, in seconds. */
export function cpuSecondsOf(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

  // The command name may hold spaces and parentheses; the fields after its last ')' do not.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds of each process running `command` (PostgreSQL's backends, for one), by pid. */
export function cpuSecondsByPid(command: string): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === command) {
        seconds.set(Number(entry), cpuSecondsOf(Number(entry)));
      }
    } catch {
      // It ended between the listing and the read.
    }
  }
  return seconds;
}

/** CPU seconds the processes alive at `after` spent since `before` (new ones since start). */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>) {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The machine's CPU time so far, busy and in all, in clock ticks over every core. */
export function machineCpuTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const ticks = fields.slice(1, 9).map(Number);
  const idle = ticks[3]! + ticks[4]!;
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

export interface Usage {
  peakRssBytes: number;
  highWaterBytes: number;
  cpuSeconds: number;
}

/** Samples a process's resident memory while it runs; `stop` returns the peaks. */
export function sampleUsage(pid: number, everyMs = 200) {
  const cpuAtStart = cpuSecondsOf(pid);
  let peakRssBytes = 0;
  let highWaterBytes = 0;
  let cpuSeconds = 0;

  const sample = () => {
    try {
      peakRssBytes = Math.max(peakRssBytes, statusField(pid, 'VmRSS'));
      highWaterBytes = Math.max(highWaterBytes, statusField(pid, 'VmHWM'));
      cpuSeconds = cpuSecondsOf(pid) - cpuAtStart;
    } catch {
      // The process has gone; keep what was seen.
    }
  };
  sample();
  const timer = setInterval(sample, everyMs).unref();

  return {
    stop(): Usage {
      clearInterval(timer);
      sample();
      return { peakRssBytes, highWaterBytes, cpuSeconds };
    },
  };
}

/**
 * Waits until a process has used less than `busyShare` of one core over `windowMs`, which is
 * how a background worker looks once its queue is empty. Returns false if the budget ran out.
 */
export async function waitUntilIdle(
  pid: number,
  options: { windowMs: number; busyShare: number; budgetMs: number },
): Promise<boolean> {
  const deadline = Date.now() + options.budgetMs;
  let previous = cpuSecondsOf(pid);

  while (Date.now() < deadline) {
    await sleep(options.windowMs);
    const now = cpuSecondsOf(pid);
    if (now - previous < (options.windowMs / 1000) * options.busyShare) return true;
    previous = now;
  }
  return false;
}
