import type { NextRequest } from 'next/server';

import { currentUser } from '@/lib/auth/current-user';
import { authenticateBearer } from '@/lib/tokens/bearer';

import { runRoute } from './api-route';
import { AppError, unauthorized } from './errors';

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof methods)[number];
type Handler = (request: NextRequest) => Promise<Response>;

/** The public API knows its callers by bearer token only, as its own routes do. */
async function authenticate(request: NextRequest): Promise<void> {
  if (request.nextUrl.pathname.startsWith('/api/v1/')) {
    await authenticateBearer(request);
    return;
  }
  if (!(await currentUser(request.headers.get('cookie')))) throw unauthorized();
}

/**
 * Handlers for the methods a route does not support, so that they answer 405 with `Allow`
 * in the API's error shape instead of the framework's empty 405. Deny by default: an anonymous
 * caller gets 401 here too, so a route tells nothing about itself before sign-in.
 */
export function otherMethods(...allowed: Method[]): Record<Method, Handler> {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', ');
  const refuse: Handler = (request) =>
    runRoute(request, async () => {
      await authenticate(request);

      throw new AppError(
        'method_not_allowed',
        `${request.method} is not supported here.`,
        [`Use one of: ${allow}.`],
        { Allow: allow },
      );
    });

  return Object.fromEntries(methods.map((method) => [method, refuse])) as Record<Method, Handler>;
}
