import type { NextRequest } from 'next/server';

import { currentUser } from '@/lib/auth/current-user';

import { runRoute } from './api-route';
import { AppError, unauthorized } from './errors';

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof methods)[number];
type Handler = (request: NextRequest) => Promise<Response>;

/**
 * Handlers for the methods a route does not support, so that they answer 405 with `Allow`
 * in the API's error shape instead of the framework's empty 405. Deny by default: an anonymous
 * caller gets 401 here too, so a route tells nothing about itself before sign-in.
 */
export function otherMethods(...allowed: Method[]): Record<Method, Handler> {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', ');
  const refuse: Handler = (request) =>
    runRoute(request, async () => {
      if (!(await currentUser(request.headers.get('cookie')))) throw unauthorized();

      throw new AppError(
        'method_not_allowed',
        `${request.method} is not supported here.`,
        [`Use one of: ${allow}.`],
        { Allow: allow },
      );
    });

  return Object.fromEntries(methods.map((method) => [method, refuse])) as Record<Method, Handler>;
}
