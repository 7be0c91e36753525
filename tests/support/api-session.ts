import { randomBytes } from 'node:crypto';

import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';

import { attemptSignIn } from '@/lib/auth/sign-in';
import type { PrismaClient, User } from '@/lib/generated/prisma/client';
import type { UserRole } from '@/lib/generated/prisma/enums';

import { setEnv } from './env';
import { seedUser, uniqueSuffix } from './seed';

export const appOrigin = 'http://localhost:3000';

/**
 * The secrets route handlers need: a session secret and an encryption key, both random per
 * test file. Returns what puts the old values back.
 */
export function useTestSecrets(): () => void {
  return setEnv({
    NEXTAUTH_SECRET: randomBytes(36).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });
}

export interface SignedIn {
  user: User;
  cookie: string;
}

/** Seeds a user, signs them in for real and returns the cookie a browser would send. */
export async function signInAs(
  prisma: PrismaClient,
  options: { partnerId: string; role?: UserRole },
): Promise<SignedIn> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error('Set NEXTAUTH_SECRET (useTestSecrets) before signing in.');

  const password = `sign-in password ${uniqueSuffix()}`;
  const user = await seedUser(prisma, { ...options, password });
  const result = await attemptSignIn(prisma, {
    email: user.email,
    password,
    clientIp: '198.51.100.20',
    trackingId: `test-${uniqueSuffix()}`,
  });
  if (result.outcome !== 'signed_in') throw new Error(`sign-in gave ${result.outcome}`);

  const token = await encode({
    token: {
      sub: result.user.id,
      partnerId: result.user.partnerId,
      sessionVersion: result.user.sessionVersion,
      signedInAt: Math.floor(Date.now() / 1000),
    },
    secret,
  });
  return { user, cookie: `next-auth.session-token=${token}` };
}

export interface ApiRequestOptions {
  method?: string;
  /** The session cookie; absent for an anonymous caller. */
  cookie?: string;
  /** Serialised as JSON. */
  body?: unknown;
  locale?: 'en' | 'nl';
  headers?: Record<string, string>;
}

/** A request as the browser would send it, with the same-origin headers state changes need. */
export function apiRequest(path: string, options: ApiRequestOptions = {}): NextRequest {
  const method = options.method ?? 'GET';
  const cookies = [options.cookie, options.locale && `NEXT_LOCALE=${options.locale}`].filter(
    Boolean,
  );
  const headers: Record<string, string> = { host: 'localhost:3000' };
  if (method !== 'GET') {
    headers.origin = appOrigin;
    headers['content-type'] = 'application/json';
  }
  if (cookies.length) headers.cookie = cookies.join('; ');
  Object.assign(headers, options.headers);

  return new NextRequest(`${appOrigin}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/**
 * Any route handler. Each declares its own params; `Promise<never>` lets one type hold them
 * all, and `routeContext` builds the params each one expects.
 */
export type RouteHandler = (
  request: NextRequest,
  context: { params: Promise<never> },
) => Promise<Response>;

/** The second argument Next passes to a route handler. */
export function routeContext(params: Record<string, string>) {
  return { params: Promise.resolve(params) as Promise<never> };
}

export interface ApiError {
  message: string;
  errors: { description: string; field?: string }[];
  trackingId: string;
  reason?: string;
  [extra: string]: unknown;
}

export interface ApiAnswer<Body> {
  status: number;
  /** The raw body, for searching it for values that must never appear. */
  text: string;
  body: Body;
  /** The same body read as the API's error shape. */
  error: ApiError;
  trackingId: string | null;
}

/** Reads a route handler's response once, keeping the raw text next to the parsed body. */
export async function readAnswer<Body = ApiError>(response: Response): Promise<ApiAnswer<Body>> {
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;

  return {
    status: response.status,
    text,
    body: body as Body,
    error: body as ApiError,
    trackingId: response.headers.get('TrackingID'),
  };
}

/** Whether an error answer names the field, as `field` or in a description. */
export function namesField(error: ApiError, field: string): boolean {
  return error.errors.some(
    (detail) => detail.field === field || detail.description.includes(field),
  );
}
