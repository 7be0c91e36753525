import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { createUserSchema } from '@/lib/users/schemas';
import { createUser, listUsers } from '@/lib/users/user-admin';

export const GET = partnerRoute({ permission: 'read' }, async ({ db, trackingId }) =>
  jsonResponse({ items: await listUsers(db) }, trackingId),
);

export const POST = partnerRoute(
  { permission: 'write', body: createUserSchema },
  async ({ db, user, body, trackingId }) =>
    jsonResponse(await createUser(db, { actor: user, input: body }), trackingId, { status: 201 }),
);

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
