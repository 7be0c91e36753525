import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { createIncident, listIncidents } from '@/lib/status/incidents';
import { createIncidentSchema } from '@/lib/status/schemas';

export const GET = partnerRoute({ permission: 'read' }, async ({ db, trackingId }) =>
  jsonResponse({ items: await listIncidents(db) }, trackingId),
);

export const POST = partnerRoute(
  { permission: 'write', body: createIncidentSchema },
  async ({ db, user, body, trackingId }) =>
    jsonResponse(await createIncident(db, { actor: user, input: body }), trackingId, {
      status: 201,
    }),
);

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
