import type { NextRequest } from 'next/server';
import type { z } from 'zod';

import { partnerDb, type PartnerDb } from '@/lib/tenancy/partner-db';
import { authenticateBearer, insufficientScope, type TokenCaller } from '@/lib/tokens/bearer';

import { readJsonBody, runRoute, type RouteContext } from './api-route';
import { clientAddressOf, enforceRateLimit } from './rate-limit';

export interface TokenRequest<Body, Params> {
  request: NextRequest;
  caller: TokenCaller;
  db: PartnerDb;
  body: Body;
  params: Params;
  trackingId: string;
}

/**
 * The entry point of the public API for the partner's own systems: a bearer token decides the
 * partner and what it may do; the handler gets a partner-scoped database.
 */
export function tokenRoute<
  Params = Record<string, never>,
  Schema extends z.ZodType | undefined = undefined,
>(
  options: { scope: 'read' | 'write'; body?: Schema },
  handler: (
    input: TokenRequest<Schema extends z.ZodType ? z.output<Schema> : undefined, Params>,
  ) => Promise<Response>,
) {
  return (request: NextRequest, context: RouteContext<Params>) =>
    runRoute(request, async (trackingId) => {
      enforceRateLimit('address', clientAddressOf(request));
      const caller = await authenticateBearer(request);
      enforceRateLimit('credential', `token:${caller.tokenId}`);
      if (options.scope === 'write' && caller.scope !== 'write') throw insufficientScope();

      const body = options.body ? options.body.parse(await readJsonBody(request)) : undefined;

      return handler({
        request,
        caller,
        db: partnerDb(caller.partnerId),
        body: body as never,
        params: (await context.params) ?? ({} as Params),
        trackingId,
      });
    });
}
