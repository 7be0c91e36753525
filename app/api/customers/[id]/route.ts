import { findCustomer } from '@/lib/customers/customer-detail';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';

type Params = { id: string };

export const GET = partnerRoute<Params>(
  { permission: 'read' },
  async ({ db, user, params, trackingId }) =>
    jsonResponse(
      await findCustomer(db, {
        partnerId: user.partnerId,
        customerId: uuidParam(params.id, 'customer'),
      }),
      trackingId,
    ),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
