import { analyticsReport } from '@/lib/analytics/analytics-report';
import { analyticsQuery } from '@/lib/analytics/schemas';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { parseQuery } from '@/lib/http/query';

export const GET = partnerRoute({ permission: 'read' }, async ({ request, db, user, trackingId }) =>
  jsonResponse(
    await analyticsReport(db, {
      partnerId: user.partnerId,
      filters: parseQuery(request, analyticsQuery),
    }),
    trackingId,
  ),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
