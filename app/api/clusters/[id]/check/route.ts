import { checkClusterConnectivity } from '@/lib/clusters/connectivity';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';

type Params = { id: string };

/** Runs the connectivity check now and answers with the cluster and its fresh results. */
export const POST = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) => {
    const clusterId = uuidParam(params.id, 'cluster');
    return jsonResponse(await checkClusterConnectivity(db, { actor: user, clusterId }), trackingId);
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
