import { NextResponse, type NextRequest } from 'next/server';
import { z, ZodError } from 'zod';

import { currentUser, type CurrentUser } from '@/lib/auth/current-user';
import { can, type Permission } from '@/lib/auth/permissions';
import { logger } from '@/lib/observability/logger';
import {
  newTrackingId,
  isTrackingId,
  currentRequestContext,
  noteErrorCode,
  requestContextStore,
} from '@/lib/observability/request-context';
import { partnerDb, type PartnerDb } from '@/lib/tenancy/partner-db';

import { localeCookie, pickLocale, type Locale } from '@/i18n/config';
import { translateValidationMessage } from '@/lib/validation/translate';

import { AppError, errorBody, forbidden, unauthorized, type ErrorDetail } from './errors';

const maxJsonBytes = 1024 * 1024;
const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function trackingIdOf(request: Request): string {
  const fromServer = request.headers.get('x-tracking-id');
  return isTrackingId(fromServer)
    ? fromServer
    : (currentRequestContext()?.trackingId ?? newTrackingId());
}

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

function describeZodError(error: ZodError, locale: Locale): ErrorDetail[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const text = translateValidationMessage(issue.message, locale);
    return field ? { field, description: `${field}: ${text}` } : { description: text };
  });
}

function localeOf(request: Request): Locale {
  const cookie = request.headers
    .get('cookie')
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === localeCookie)?.[1];
  return pickLocale(cookie, request.headers.get('accept-language'));
}

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  const message = (error as Error)?.message ?? '';
  return (
    code === 'P1001' ||
    code === 'ECONNREFUSED' ||
    code === '57P01' ||
    /ECONNREFUSED|Connection terminated|connect ETIMEDOUT|DatabaseNotReachable/.test(message) ||
    // A pool with no free connection within its wait: busy now, not broken.
    message.includes('timeout exceeded when trying to connect')
  );
}

/** Maps any thrown value to the API's error shape; only the unexpected ones are logged as errors. */
export function toAppError(error: unknown, locale: Locale = 'en'): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError(
      'validation_failed',
      'The request is not valid.',
      describeZodError(error, locale),
    );
  }

  const code = (error as { code?: string })?.code;
  if (code === 'P2002')
    return new AppError('conflict', 'This already exists.', ['A unique value is already taken.']);
  if (code === 'P2025') return new AppError('not_found', 'The resource was not found.');
  if (isDatabaseUnavailable(error) || code === 'P2028') {
    return new AppError(
      'unavailable',
      'The service is temporarily unavailable.',
      ['Try again shortly.'],
      {
        'Retry-After': '5',
      },
    );
  }

  return new AppError('internal', 'Something went wrong on our side.', [
    'The error was logged; quote the TrackingID when you contact support.',
  ]);
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
    const mapped = toAppError(error, localeOf(request));
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
