import { NextResponse } from 'next/server';

import { findCustomerSubscriber } from '@/lib/customers/customer-detail';
import { changePackageSchema } from '@/lib/customers/schemas';
import { changeSubscriberPackage, removeSubscriber } from '@/lib/customers/subscriber-actions';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';

type Params = { id: string; subscriberId: string };

const idsOf = (params: Params) => ({
  customerId: uuidParam(params.id, 'customer'),
  subscriberId: uuidParam(params.subscriberId, 'subscriber'),
});

export const GET = partnerRoute<Params>(
  { permission: 'read' },
  async ({ db, user, params, trackingId }) =>
    jsonResponse(
      await findCustomerSubscriber(db, { partnerId: user.partnerId, ...idsOf(params) }),
      trackingId,
    ),
);

/** Changes the package; the answer shows the subscriber `updating` until the job is done. */
export const PATCH = partnerRoute<Params, typeof changePackageSchema>(
  { permission: 'write', body: changePackageSchema },
  async ({ db, user, params, body, trackingId }) =>
    jsonResponse(
      await changeSubscriberPackage(db, { actor: user, ...idsOf(params), input: body }),
      trackingId,
    ),
);

/** Removes the subscriber and releases its licence; a second removal answers 404. */
export const DELETE = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) => {
    await removeSubscriber(db, { actor: user, ...idsOf(params) });
    return new NextResponse(null, { status: 204, headers: { TrackingID: trackingId } });
  },
);

export const { POST, PUT } = otherMethods('GET', 'PATCH', 'DELETE');
