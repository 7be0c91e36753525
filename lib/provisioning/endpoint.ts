import type { NextRequest } from 'next/server';

import { getDatabase } from '@/lib/db/database';
import { jsonResponse, runRoute } from '@/lib/http/api-route';
import { AppError } from '@/lib/http/errors';
import { clientAddressOf, enforceRateLimit } from '@/lib/http/rate-limit';

import { acceptFlowthrough } from './accept';
import { flowthroughRequestSchema, maxFlowthroughBytes, parseFlowthroughXml } from './contract';
import { authenticateFlowthrough } from './credential';

async function readBody(request: NextRequest): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const isJson = type === 'application/json';
  const isXml = type === 'application/xml' || type === 'text/xml';
  if (!isJson && !isXml) {
    throw new AppError('unsupported_media_type', 'The body must be JSON or XML.', [
      'Send Content-Type: application/json or application/xml.',
    ]);
  }

  const declared = Number(request.headers.get('content-length') ?? 0);
  const text = declared > maxFlowthroughBytes ? null : await request.text();
  if (text === null || Buffer.byteLength(text) > maxFlowthroughBytes) {
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

/**
 * The flowthrough endpoint of one template: BroadWorks' provisioning adapter calls it with
 * HTTP Basic when Integrated IM&P is assigned, changed or removed for a user.
 */
export function handleFlowthrough(request: NextRequest, provisioningId: string) {
  return runRoute(request, async (trackingId) => {
    const database = getDatabase();
    await enforceRateLimit('address', clientAddressOf(request));
    const template = await authenticateFlowthrough(database.sql, {
      provisioningId,
      authorization: request.headers.get('authorization'),
    });
    await enforceRateLimit('credential', `flowthrough:${template.id}`);

    const body = flowthroughRequestSchema.parse(await readBody(request));
    const result = await acceptFlowthrough(database, {
      template,
      request: body,
      actorLabel: `flowthrough:${provisioningId}`,
    });

    if (result.outcome === 'deleted' || result.outcome === 'absent') {
      return new Response(null, { status: 204, headers: { TrackingID: trackingId } });
    }
    return jsonResponse(
      { status: result.outcome, subscriberId: result.subscriberId, trackingId },
      trackingId,
      {
        status: 202,
      },
    );
  });
}
