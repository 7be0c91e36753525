import { retrySubscriber } from '@/lib/customers/subscriber-actions';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';

type Params = { id: string; subscriberId: string };

/** Queues the provisioning of a subscriber in error again; 202, as the work is not done yet. */
export const POST = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) =>
    jsonResponse(
      await retrySubscriber(db, {
        actor: user,
        customerId: uuidParam(params.id, 'customer'),
        subscriberId: uuidParam(params.subscriberId, 'subscriber'),
      }),
      trackingId,
      { status: 202 },
    ),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
