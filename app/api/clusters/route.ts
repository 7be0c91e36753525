import { createCluster, listClusters } from '@/lib/clusters/cluster-store';
import { createClusterSchema } from '@/lib/clusters/schemas';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';

export const GET = partnerRoute({ permission: 'read' }, async ({ db, trackingId }) =>
  jsonResponse({ items: await listClusters(db) }, trackingId),
);

export const POST = partnerRoute(
  { permission: 'write', body: createClusterSchema },
  async ({ db, user, body, trackingId }) =>
    jsonResponse(await createCluster(db, { actor: user, input: body }), trackingId, {
      status: 201,
    }),
);

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
