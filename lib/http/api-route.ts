import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';

import { currentUser, type CurrentUser } from '@/lib/auth/current-user';
import { can, type Permission } from '@/lib/auth/permissions';
import { logger } from '@/lib/observability/logger';
import {
  currentRequestContext,
  noteErrorCode,
  requestContextStore,
} from '@/lib/observability/request-context';
import { partnerDb, type PartnerDb } from '@/lib/tenancy/partner-db';

import { AppError, errorBody, forbidden, unauthorized } from './errors';
import { localeOfHeaders, toAppError, trackingIdOf } from './error-mapping';

export { localeOfHeaders, toAppError, trackingIdOf };

const maxJsonBytes = 1024 * 1024;
const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function jsonResponse(
  data: unknown,
  trackingId: string,
  init: ResponseInit = {},
): NextResponse {
  const response = NextResponse.json(data, init);
  response.headers.set('TrackingID', trackingId);
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

export function errorResponse(error: AppError, trackingId: string): NextResponse {
  // A more specific code the body carries, such as `user_id_taken`, says more than `conflict`.
  const specific = error.extra.errorCode;
  noteErrorCode(typeof specific === 'string' ? specific : error.code);

  return jsonResponse(errorBody(error, trackingId), trackingId, {
    status: error.status,
    headers: error.headers,
  });
}

function logFailure(error: unknown, mapped: AppError, trackingId: string): void {
  if (mapped.status >= 500) logger().error({ err: error, trackingId }, 'request failed');
}

function sameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  if (!origin || !host) return false;

  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Browser-facing checks for requests that change state: same origin, JSON, bounded size. */
export async function readJsonBody(request: NextRequest): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json(\s*;|$)/i.test(type)) {
    throw new AppError('unsupported_media_type', 'The body must be JSON.', [
      'Send the body with Content-Type: application/json.',
    ]);
  }

  const declared = Number(request.headers.get('content-length') ?? 0);
  const text = declared > maxJsonBytes ? null : await request.text();
  if (text === null || Buffer.byteLength(text) > maxJsonBytes) {
    throw new AppError('payload_too_large', 'The body is too large.', [
      `At most ${maxJsonBytes} bytes are accepted.`,
    ]);
  }

  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON.', [
      'Check the JSON syntax of the body.',
    ]);
  }
}

export interface RouteContext<Params> {
  params: Promise<Params>;
}

export async function runRoute(
  request: NextRequest,
  work: (trackingId: string) => Promise<NextResponse | Response>,
): Promise<NextResponse | Response> {
  const trackingId = trackingIdOf(request);
  // Without the custom server in front nothing has opened a request context, and the audit
  // entries of this request would not carry the TrackingID it answers with.
  if (!currentRequestContext()) {
    const context = { trackingId, clientIp: 'unknown' };
    return requestContextStore().run(context, () => runRoute(request, work));
  }

  try {
    const response = await work(trackingId);
    response.headers.set('TrackingID', trackingId);
    return response;
  } catch (error) {
    const mapped = toAppError(error, localeOfHeaders(request.headers));
    logFailure(error, mapped, trackingId);
    return errorResponse(mapped, trackingId);
  }
}

export interface PartnerRequest<Body, Params> {
  request: NextRequest;
  user: CurrentUser;
  db: PartnerDb;
  body: Body;
  params: Params;
  trackingId: string;
}

interface PartnerRouteOptions<Schema extends z.ZodType | undefined> {
  permission: Permission;
  body?: Schema;
}

/**
 * The entry point of every session-authenticated API route: signs the caller in, checks
 * the permission, the origin and the body, and hands the handler a partner-scoped database.
 */
export function partnerRoute<
  Params = Record<string, never>,
  Schema extends z.ZodType | undefined = undefined,
>(
  options: PartnerRouteOptions<Schema>,
  handler: (
    input: PartnerRequest<Schema extends z.ZodType ? z.output<Schema> : undefined, Params>,
  ) => Promise<NextResponse | Response>,
) {
  return (request: NextRequest, context: RouteContext<Params>) =>
    runRoute(request, async (trackingId) => {
      const user = await currentUser(request.headers.get('cookie'));
      if (!user) throw unauthorized();

      if (stateChanging.has(request.method) && !sameOrigin(request)) {
        throw new AppError('forbidden', 'Cross-origin requests are refused.', [
          'The Origin header must match this site.',
        ]);
      }
      if (!can(user.role, options.permission)) throw forbidden();

      const raw = options.body ? await readJsonBody(request) : undefined;
      const body = options.body ? options.body.parse(raw) : undefined;

      return handler({
        request,
        user,
        db: partnerDb(user.partnerId),
        body: body as never,
        params: (await context.params) ?? ({} as Params),
        trackingId,
      });
    });
}
