import type { IncomingMessage, ServerResponse } from 'node:http';

import { localeOfHeaders } from '@/lib/http/error-mapping';
import { machineApiHeaders, securityHeaders } from '@/lib/http/security-headers.mjs';

import { answerFlowthrough, type FlowthroughCall } from './endpoint';

const flowthroughPath = /^\/api\/provisioning\/([A-Za-z0-9_-]{1,40})(?:\?.*)?$/;

/** The provisioning ID of a flowthrough call the custom server answers itself. */
export function flowthroughCallOf(request: IncomingMessage): string | undefined {
  if (request.method !== 'POST') return undefined;
  return flowthroughPath.exec(request.url ?? '')?.[1];
}

/** Reads the body up to `limit` bytes; answers null as soon as it proves longer. */
function readText(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;

    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      resolve(null);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const maxDrainedBytes = 1024 * 1024;
const maxDrainMs = 2_000;

/**
 * Reads and drops what a refused call still sends, so that the client, busy sending, gets to
 * read the answer and the connection lives on. A body sent in chunks may never end: past a
 * megabyte or two seconds the connection is closed.
 */
function drainAfterAnswer(request: IncomingMessage): void {
  if (request.complete) return;

  let drained = 0;
  const close = () => request.socket.destroy();
  const deadline = setTimeout(close, maxDrainMs).unref();
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > maxDrainedBytes) close();
  });
  request.on('end', () => clearTimeout(deadline));
  request.on('close', () => clearTimeout(deadline));
  request.resume();
}

const fixedHeaders = Object.fromEntries(
  [...securityHeaders(), ...machineApiHeaders].map(({ key, value }) => [key, value]),
);

/**
 * Answers a flowthrough call straight from node:http: BroadWorks may send thousands a
 * second, and Next's routing and response machinery would cost more than the work itself.
 */
export async function serveFlowthrough(
  request: IncomingMessage,
  response: ServerResponse,
  options: { provisioningId: string; trackingId: string; clientIp: string },
): Promise<void> {
  const header = (name: string) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value.join(', ') : value) ?? null;
  };
  const call: FlowthroughCall = {
    provisioningId: options.provisioningId,
    contentType: header('content-type'),
    contentLength: Number(header('content-length') ?? 0),
    authorization: header('authorization'),
    clientIp: options.clientIp,
    locale: localeOfHeaders({ get: header }),
    readBody: (limit) => readText(request, limit),
  };

  const answer = await answerFlowthrough(call, options.trackingId);
  drainAfterAnswer(request);

  response.writeHead(answer.status, {
    ...fixedHeaders,
    ...answer.headers,
    TrackingID: options.trackingId,
    ...(answer.body === null ? {} : { 'Content-Length': Buffer.byteLength(answer.body) }),
  });
  response.end(answer.body ?? undefined);
}
