import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { AppError } from '@/lib/http/errors';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { parseQuery } from '@/lib/http/query';
import { lookUpTrackingId, trackingLookupQuery } from '@/lib/support-tools/tracking-lookup';

export const GET = partnerRoute({ permission: 'read' }, async ({ request, db, trackingId }) => {
  const query = parseQuery(request, trackingLookupQuery);
  const found = await lookUpTrackingId(db, query.trackingId);
  if (!found) {
    throw new AppError('not_found', 'No request of yours has this TrackingID.', [
      'Check the TrackingID; requests are kept for a limited number of days.',
    ]);
  }

  return jsonResponse(found, trackingId);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
