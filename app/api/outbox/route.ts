import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { parseQuery } from '@/lib/http/query';
import { listOutboxMessages, listOutboxQuery } from '@/lib/outbox/outbox-list';

export const GET = partnerRoute({ permission: 'read' }, async ({ request, db, trackingId }) =>
  jsonResponse(await listOutboxMessages(db, parseQuery(request, listOutboxQuery)), trackingId),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
