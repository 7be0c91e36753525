import { recheckXspCertificates } from '@/lib/certificates/xsp-inventory';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';

type Params = { clusterId: string };

/** Reads one cluster's server certificates again now. */
export const POST = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) => {
    const clusterId = uuidParam(params.clusterId, 'cluster');
    return jsonResponse(await recheckXspCertificates(db, { actor: user, clusterId }), trackingId);
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
