import { jsonResponse } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { tokenRoute } from '@/lib/http/token-route';
import { createSubscriberSchema } from '@/lib/subscribers/schemas';
import { validateSubscriber } from '@/lib/subscribers/subscriber-api';

/** The precheck: every check of a create, nothing written. Needs only the read scope. */
export const POST = tokenRoute(
  { scope: 'read', body: createSubscriberSchema },
  async ({ db, body, trackingId }) => jsonResponse(await validateSubscriber(db, body), trackingId),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
