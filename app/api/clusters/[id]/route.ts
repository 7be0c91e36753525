import { NextResponse } from 'next/server';

import { deleteCluster, findCluster, updateCluster } from '@/lib/clusters/cluster-store';
import { updateClusterSchema } from '@/lib/clusters/schemas';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';

type Params = { id: string };

export const GET = partnerRoute<Params>(
  { permission: 'read' },
  async ({ db, params, trackingId }) =>
    jsonResponse(await findCluster(db, uuidParam(params.id, 'cluster')), trackingId),
);

export const PATCH = partnerRoute<Params, typeof updateClusterSchema>(
  { permission: 'write', body: updateClusterSchema },
  async ({ db, user, params, body, trackingId }) => {
    const clusterId = uuidParam(params.id, 'cluster');
    return jsonResponse(
      await updateCluster(db, { actor: user, clusterId, input: body }),
      trackingId,
    );
  },
);

export const DELETE = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) => {
    await deleteCluster(db, { actor: user, clusterId: uuidParam(params.id, 'cluster') });
    return new NextResponse(null, { status: 204, headers: { TrackingID: trackingId } });
  },
);

export const { POST, PUT } = otherMethods('GET', 'PATCH', 'DELETE');
