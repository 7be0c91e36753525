import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { createTokenSchema } from '@/lib/tokens/schemas';
import { createToken, listTokens } from '@/lib/tokens/token-store';

export const GET = partnerRoute({ permission: 'read' }, async ({ db, trackingId }) =>
  jsonResponse({ items: await listTokens(db) }, trackingId),
);

/** The answer is the only place the token ever appears in full. */
export const POST = partnerRoute(
  { permission: 'write', body: createTokenSchema },
  async ({ db, user, body, trackingId }) =>
    jsonResponse(await createToken(db, { actor: user, input: body }), trackingId, { status: 201 }),
);

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
