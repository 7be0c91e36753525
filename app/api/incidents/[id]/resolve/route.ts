import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';
import { resolveIncident } from '@/lib/status/incidents';

type Params = { id: string };

/** Resolves the incident; resolving a resolved one answers it unchanged. */
export const POST = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) =>
    jsonResponse(
      await resolveIncident(db, { actor: user, incidentId: uuidParam(params.id, 'incident') }),
      trackingId,
    ),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
