import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { createWebhookSchema } from '@/lib/status/schemas';
import { createWebhook, listWebhooks } from '@/lib/status/webhooks';

export const GET = partnerRoute({ permission: 'read' }, async ({ db, trackingId }) =>
  jsonResponse({ items: await listWebhooks(db) }, trackingId),
);

/** The answer is the only place the signing secret ever appears. */
export const POST = partnerRoute(
  { permission: 'write', body: createWebhookSchema },
  async ({ db, user, body, trackingId }) =>
    jsonResponse(await createWebhook(db, { actor: user, input: body }), trackingId, {
      status: 201,
    }),
);

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
