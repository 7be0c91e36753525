import type { NextRequest } from 'next/server';

import type { Locale } from '@/i18n/config';
import { getDatabase } from '@/lib/db/database';
import { localeOfHeaders, toAppError, trackingIdOf } from '@/lib/http/error-mapping';
import { AppError, errorBody } from '@/lib/http/errors';
import { clientAddressOf, enforceRateLimit } from '@/lib/http/rate-limit';
import { logger } from '@/lib/observability/logger';
import {
  currentRequestContext,
  noteErrorCode,
  requestContextStore,
} from '@/lib/observability/request-context';

import { acceptFlowthrough } from './accept';
import { StaleTemplate } from './accept-add';
import { flowthroughRequestSchema, maxFlowthroughBytes, parseFlowthroughXml } from './contract';
import { authenticateFlowthrough, forgetFlowthroughTemplate } from './credential';

/** A flowthrough call as either server hands it over. */
export interface FlowthroughCall {
  provisioningId: string;
  contentType: string | null;
  contentLength: number;
  authorization: string | null;
  clientIp: string;
  locale: Locale;
  /** The body as text, or null when it is longer than `limit` bytes. */
  readBody(limit: number): Promise<string | null>;
}

export interface FlowthroughAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

async function readBody(call: FlowthroughCall): Promise<unknown> {
  const type = (call.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const isJson = type === 'application/json';
  const isXml = type === 'application/xml' || type === 'text/xml';
  if (!isJson && !isXml) {
    throw new AppError('unsupported_media_type', 'The body must be JSON or XML.', [
      'Send Content-Type: application/json or application/xml.',
    ]);
  }

  const text =
    call.contentLength > maxFlowthroughBytes ? null : await call.readBody(maxFlowthroughBytes);
  if (text === null) {
    throw new AppError('payload_too_large', 'The body is too large.', [
      `At most ${maxFlowthroughBytes} bytes are accepted.`,
    ]);
  }

  if (isXml) return parseFlowthroughXml(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON.', ['Check the JSON syntax.']);
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

async function accept(call: FlowthroughCall, trackingId: string): Promise<FlowthroughAnswer> {
  const database = getDatabase();
  enforceRateLimit('address', call.clientIp);

  const credentials = { provisioningId: call.provisioningId, authorization: call.authorization };
  let template = await authenticateFlowthrough(database.sql, credentials);
  enforceRateLimit('credential', `flowthrough:${template.id}`);

  const request = flowthroughRequestSchema.parse(await readBody(call));
  // Changes and deletions are rare: they authenticate against the current row, not a copy.
  if (request.operation !== 'add') {
    template = await authenticateFlowthrough(database.sql, { ...credentials, fresh: true });
  }

  const options = { request, actorLabel: `flowthrough:${call.provisioningId}` };
  const result = await acceptFlowthrough(database, { ...options, template }).catch(
    async (error: unknown) => {
      if (!(error instanceof StaleTemplate)) throw error;
      forgetFlowthroughTemplate(call.provisioningId);
      template = await authenticateFlowthrough(database.sql, { ...credentials, fresh: true });
      return acceptFlowthrough(database, { ...options, template });
    },
  );

  if (result.outcome === 'deleted' || result.outcome === 'absent') {
    return { status: 204, headers: {}, body: null };
  }
  return json(202, { status: result.outcome, subscriberId: result.subscriberId, trackingId });
}

/**
 * The flowthrough endpoint of one template: BroadWorks' provisioning adapter calls it with
 * HTTP Basic when Integrated IM&P is assigned, changed or removed for a user. Answers as
 * soon as the work is durably queued.
 */
export async function answerFlowthrough(
  call: FlowthroughCall,
  trackingId: string,
): Promise<FlowthroughAnswer> {
  try {
    return await accept(call, trackingId);
  } catch (error) {
    const mapped = toAppError(error, call.locale);
    if (mapped.status >= 500) logger().error({ err: error, trackingId }, 'request failed');

    noteErrorCode(String(mapped.extra.errorCode ?? mapped.code));
    return json(mapped.status, errorBody(mapped, trackingId), mapped.headers);
  }
}

/** The same endpoint behind Next's router, for runs without the custom server in front. */
export function handleFlowthrough(request: NextRequest, provisioningId: string) {
  const trackingId = trackingIdOf(request);
  const call: FlowthroughCall = {
    provisioningId,
    contentType: request.headers.get('content-type'),
    contentLength: Number(request.headers.get('content-length') ?? 0),
    authorization: request.headers.get('authorization'),
    clientIp: clientAddressOf(request),
    locale: localeOfHeaders(request.headers),
    async readBody(limit) {
      const text = await request.text();
      return Buffer.byteLength(text) > limit ? null : text;
    },
  };

  const answer = async () => {
    const { status, headers, body } = await answerFlowthrough(call, trackingId);
    return new Response(body, {
      status,
      headers: { ...headers, TrackingID: trackingId, 'Cache-Control': 'no-store' },
    });
  };
  if (currentRequestContext()) return answer();
  return requestContextStore().run({ trackingId, clientIp: call.clientIp }, answer);
}
