import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { createTemplateSchema } from '@/lib/templates/schemas';
import { createTemplate, listTemplates } from '@/lib/templates/template-store';

export const GET = partnerRoute({ permission: 'read' }, async ({ db, trackingId }) =>
  jsonResponse({ items: await listTemplates(db) }, trackingId),
);

export const POST = partnerRoute(
  { permission: 'write', body: createTemplateSchema },
  async ({ db, user, body, trackingId }) =>
    jsonResponse(await createTemplate(db, { actor: user, input: body }), trackingId, {
      status: 201,
    }),
);

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
