import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';
import { revokeToken } from '@/lib/tokens/token-store';

type Params = { id: string };

/** Revokes the token; it stays listed as revoked so its history remains readable. */
export const DELETE = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) =>
    jsonResponse(
      await revokeToken(db, { actor: user, tokenId: uuidParam(params.id, 'API token') }),
      trackingId,
    ),
);

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
