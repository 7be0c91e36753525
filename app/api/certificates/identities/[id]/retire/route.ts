import { retireClientIdentity } from '@/lib/certificates/client-identity';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';

type Params = { id: string };

/** Ends the change-over: the previous chain is neither offered nor presented any more. */
export const POST = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) => {
    const identityId = uuidParam(params.id, 'certificate chain');
    return jsonResponse(
      { items: await retireClientIdentity(db, { actor: user, identityId }) },
      trackingId,
    );
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
