import { jsonResponse } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { parseQuery } from '@/lib/http/query';
import { tokenRoute } from '@/lib/http/token-route';
import { listEnterprisesQuery } from '@/lib/subscribers/schemas';
import { listEnterprises } from '@/lib/subscribers/subscriber-api';

export const GET = tokenRoute({ scope: 'read' }, async ({ request, db, trackingId }) =>
  jsonResponse(
    { items: await listEnterprises(db, parseQuery(request, listEnterprisesQuery)) },
    trackingId,
  ),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
