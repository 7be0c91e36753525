import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  port: number;
  path: string;
  headers: Record<string, string>;
  body: (index: number) => string;
  requests: number;
  concurrency: number;
  expectedStatus: number;
  /** No request starts after this many milliseconds; the ones in flight still finish. */
  budgetMs: number;
  requestTimeoutMs?: number;
  /** Connections to reuse, such as a warm-up's; without it the run opens its own. */
  agent?: http.Agent;
}

export interface LoadResult {
  requests: number;
  completed: number;
  unexpected: number;
  statuses: Record<string, number>;
  /** A few answers other than the expected status, to tell what went wrong. */
  unexpectedSamples: string[];
  durationMs: number;
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  startedAt: number;
  finishedAt: number;
}

interface Answer {
  status: string;
  body: string;
}

function send(agent: http.Agent, options: LoadOptions, payload: string): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: 'POST',
        headers: { ...options.headers, 'Content-Length': Buffer.byteLength(payload) },
        timeout: options.requestTimeoutMs ?? 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: String(response.statusCode),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', (error) => resolve({ status: 'error', body: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', (error) => resolve({ status: 'error', body: error.message }));
    request.end(payload);
  });
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;

  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Keep-alive connections for `concurrency` clients; destroy it when done. */
export function loadAgent(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency });
}

/**
 * Sends `requests` POSTs from `concurrency` clients that each wait for their answer before
 * sending the next, over at most `concurrency` keep-alive connections.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = options.agent ?? loadAgent(options.concurrency);
  const latencies = new Float64Array(options.requests);
  const statuses: Record<string, number> = {};
  const unexpectedSamples: string[] = [];
  let next = 0;
  let completed = 0;

  const startedAt = Date.now();
  const started = performance.now();
  const stopAt = started + options.budgetMs;

  const client = async () => {
    while (next < options.requests && performance.now() < stopAt) {
      const index = next++;
      const sent = performance.now();
      const answer = await send(agent, options, options.body(index));

      latencies[index] = performance.now() - sent;
      completed++;
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status !== String(options.expectedStatus) && unexpectedSamples.length < 5) {
        unexpectedSamples.push(`${answer.status} ${answer.body.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));

  const durationMs = performance.now() - started;
  if (!options.agent) agent.destroy();

  const sorted = latencies.slice(0, completed).sort();
  return {
    requests: options.requests,
    completed,
    unexpected: completed - (statuses[String(options.expectedStatus)] ?? 0),
    statuses,
    unexpectedSamples,
    durationMs,
    throughput: (completed / durationMs) * 1000,
    latencyMs: {
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    },
    startedAt,
    finishedAt: Date.now(),
  };
}
