import { searchCustomers } from '@/lib/customers/customer-search';
import { listCustomersQuery } from '@/lib/customers/schemas';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { parseQuery } from '@/lib/http/query';

export const GET = partnerRoute({ permission: 'read' }, async ({ request, db, user, trackingId }) =>
  jsonResponse(
    await searchCustomers(db, {
      partnerId: user.partnerId,
      query: parseQuery(request, listCustomersQuery),
    }),
    trackingId,
  ),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
