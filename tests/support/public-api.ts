import { NextRequest } from 'next/server';

import * as enterprisesRoute from '@/app/api/v1/broadworks/enterprises/route';
import * as subscriberRoute from '@/app/api/v1/broadworks/subscribers/[id]/route';
import * as subscribersRoute from '@/app/api/v1/broadworks/subscribers/route';
import * as validateRoute from '@/app/api/v1/broadworks/subscribers/validate/route';
import * as openApiRoute from '@/app/api/v1/openapi.json/route';
import type { CurrentUser } from '@/lib/auth/current-user';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { EmailTrust } from '@/lib/generated/prisma/enums';
import { partnerDb } from '@/lib/tenancy/partner-db';
import { createToken } from '@/lib/tokens/token-store';

import {
  appOrigin,
  readAnswer,
  routeContext,
  type ApiAnswer,
  type RouteHandler,
} from './api-session';
import { seedFlowthroughTemplate, seedUser, uniqueSuffix } from './seed';

export const publicApiBase = `${appOrigin}/api/v1/broadworks`;

/** The subscriber as the public API shows it. */
export interface SubscriberJson {
  id: string;
  userId: string;
  spEnterpriseId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  primaryPhoneNumber: string | null;
  mobilePhoneNumber: string | null;
  extension: string | null;
  package: string;
  status: string;
  errors: { errorCode: string; description: string }[];
  orgId: string | null;
  provisioningId: string;
  selfActivated: boolean;
  created: string;
  lastStatusChange: string;
}

export interface SubscriberPage {
  items: SubscriberJson[];
}

/** A cluster and a customer template of the partner, with the template settings asked for. */
export function seedTemplate(
  prisma: PrismaClient,
  options: { partnerId: string; emailTrust?: EmailTrust; createOrgsAutomatically?: boolean },
) {
  return seedFlowthroughTemplate(prisma, options);
}

/** Issues an API token the way a full admin does in the hub; the result holds it in full. */
export async function issueToken(
  prisma: PrismaClient,
  options: { partnerId: string; scope?: 'read' | 'write'; expiresInDays?: 7 | 30 | 90 | 180 | 365 },
) {
  const user = await seedUser(prisma, { partnerId: options.partnerId });
  const partner = await prisma.partner.findUniqueOrThrow({ where: { id: options.partnerId } });
  const actor: CurrentUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    partnerId: partner.id,
    partnerName: partner.name,
  };

  return createToken(partnerDb(partner.id, prisma), {
    actor,
    input: {
      name: `Token ${uniqueSuffix()}`,
      scope: options.scope ?? 'write',
      expiresInDays: options.expiresInDays ?? 30,
    },
  });
}

const routes: { pattern: RegExp; module: Record<string, unknown> }[] = [
  { pattern: /^\/api\/v1\/openapi\.json$/, module: openApiRoute },
  { pattern: /^\/api\/v1\/broadworks\/subscribers$/, module: subscribersRoute },
  { pattern: /^\/api\/v1\/broadworks\/subscribers\/validate$/, module: validateRoute },
  { pattern: /^\/api\/v1\/broadworks\/subscribers\/(?<id>[^/]+)$/, module: subscriberRoute },
  { pattern: /^\/api\/v1\/broadworks\/enterprises$/, module: enterprisesRoute },
];

/**
 * `fetch` for the public API without a server: finds the route handler of the URL the way
 * the Next router would and calls it. Unknown paths answer a bare 404, as Next would.
 */
export async function publicApiFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const request = new NextRequest(input, init as ConstructorParameters<typeof NextRequest>[1]);

  for (const { pattern, module } of routes) {
    const match = pattern.exec(request.nextUrl.pathname);
    if (!match) continue;

    const handler = module[request.method] as RouteHandler | undefined;
    if (!handler) return new Response(null, { status: 405 });
    return handler(request, routeContext({ ...match.groups }));
  }
  return new Response(null, { status: 404 });
}

export interface PublicApiCall {
  method?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Serialised as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type PublicApiAnswer<Body> = ApiAnswer<Body> & { headers: Headers };

/** One call of the public API as a machine client makes it: no cookie, no Origin. */
export async function callPublicApi<Body = undefined>(
  path: string,
  call: PublicApiCall = {},
): Promise<PublicApiAnswer<Body>> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] ??= 'application/json';

  const url = path.startsWith('http') ? path : `${appOrigin}${path}`;
  const response = await publicApiFetch(url, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });

  return { ...(await readAnswer<Body>(response)), headers: response.headers };
}

/**
 * A valid create body for the template; each call names a new user with an email domain of
 * its own, since a domain belongs to one customer organisation.
 */
export function subscriberInput(provisioningId: string, overrides: Record<string, unknown> = {}) {
  const suffix = uniqueSuffix();
  return {
    provisioningId,
    userId: `user-${suffix}@broadworks.example`,
    spEnterpriseId: 'acme',
    firstName: 'Anna',
    lastName: `Jansen ${suffix}`,
    package: 'standard',
    email: `anna@acme-${suffix}.example`,
    primaryPhoneNumber: '+31201234567',
    mobilePhoneNumber: '+31612345678',
    extension: '4567',
    language: 'nl_NL',
    timezone: 'Europe/Amsterdam',
    ...overrides,
  };
}

/** The URL of the next page from a `Link: <url>; rel="next"` header, or null on the last. */
export function nextPageOf(headers: Headers): string | null {
  const link = headers.get('link');
  if (!link) return null;

  const match = /^<([^>]+)>;\s*rel="next"$/.exec(link);
  if (!match) throw new Error(`Link header not understood: ${link}`);
  return match[1]!;
}
