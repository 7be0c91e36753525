import { listClientIdentities, renewClientIdentity } from '@/lib/certificates/client-identity';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';

/** The partner's CTI trust chains in use; the first request creates the first one. */
export const GET = partnerRoute({ permission: 'read' }, async ({ db, user, trackingId }) =>
  jsonResponse({ items: await listClientIdentities(db, user.partnerId) }, trackingId),
);

/** Generates a new chain; the previous one stays valid until it is retired. */
export const POST = partnerRoute({ permission: 'write' }, async ({ db, user, trackingId }) =>
  jsonResponse({ items: await renewClientIdentity(db, { actor: user }) }, trackingId, {
    status: 201,
  }),
);

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
