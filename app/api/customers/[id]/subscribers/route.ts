import { listCustomerSubscribers } from '@/lib/customers/customer-detail';
import { listCustomerSubscribersQuery } from '@/lib/customers/schemas';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';
import { parseQuery } from '@/lib/http/query';

type Params = { id: string };

export const GET = partnerRoute<Params>(
  { permission: 'read' },
  async ({ request, db, user, params, trackingId }) =>
    jsonResponse(
      await listCustomerSubscribers(db, {
        partnerId: user.partnerId,
        customerId: uuidParam(params.id, 'customer'),
        query: parseQuery(request, listCustomerSubscribersQuery),
      }),
      trackingId,
    ),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
