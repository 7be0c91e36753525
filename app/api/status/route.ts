import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { serviceStatus } from '@/lib/status/service-status';

export const GET = partnerRoute({ permission: 'read' }, async ({ db, user, trackingId }) =>
  jsonResponse(await serviceStatus(db, user.partnerId), trackingId),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
