import { NextResponse } from 'next/server';

import { jsonResponse } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';
import { tokenRoute } from '@/lib/http/token-route';
import { updateSubscriberSchema } from '@/lib/subscribers/schemas';
import {
  deleteSubscriber,
  findVersionedSubscriber,
  updateSubscriber,
} from '@/lib/subscribers/subscriber-api';

type Params = { id: string };

export const GET = tokenRoute<Params>({ scope: 'read' }, async ({ db, params, trackingId }) => {
  const { subscriber, etag } = await findVersionedSubscriber(
    db,
    uuidParam(params.id, 'subscriber'),
  );
  return jsonResponse(subscriber, trackingId, { headers: { ETag: etag } });
});

export const PUT = tokenRoute<Params, typeof updateSubscriberSchema>(
  { scope: 'write', body: updateSubscriberSchema },
  async ({ request, db, caller, params, body, trackingId }) => {
    const { subscriber, etag } = await updateSubscriber(db, {
      caller,
      subscriberId: uuidParam(params.id, 'subscriber'),
      input: body,
      ifMatch: request.headers.get('if-match'),
    });
    return jsonResponse(subscriber, trackingId, { headers: { ETag: etag } });
  },
);

/** 204 when the subscriber was removed; a repeated delete answers 404. */
export const DELETE = tokenRoute<Params>(
  { scope: 'write' },
  async ({ db, caller, params, trackingId }) => {
    await deleteSubscriber(db, { caller, subscriberId: uuidParam(params.id, 'subscriber') });
    return new NextResponse(null, { status: 204, headers: { TrackingID: trackingId } });
  },
);

export const { POST, PATCH } = otherMethods('GET', 'PUT', 'DELETE');
