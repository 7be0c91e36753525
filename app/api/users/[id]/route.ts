import { z } from 'zod';

import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { notFound } from '@/lib/http/errors';
import { publicUserFields, updateUser } from '@/lib/users/user-admin';
import { updateUserSchema } from '@/lib/users/schemas';

type Params = { id: string };

function userIdOf(params: Params): string {
  const parsed = z.uuid().safeParse(params.id);
  if (!parsed.success) throw notFound('user');
  return parsed.data;
}

export const GET = partnerRoute<Params>(
  { permission: 'read' },
  async ({ db, params, trackingId }) => {
    const user = await db.user.findUnique({
      where: { id: userIdOf(params) },
      select: publicUserFields,
    });
    if (!user) throw notFound('user');

    return jsonResponse(user, trackingId);
  },
);

export const PATCH = partnerRoute<Params, typeof updateUserSchema>(
  { permission: 'write', body: updateUserSchema },
  async ({ db, user, params, body, trackingId }) =>
    jsonResponse(
      await updateUser(db, { actor: user, userId: userIdOf(params), input: body }),
      trackingId,
    ),
);

export const { POST, PUT, DELETE } = otherMethods('GET', 'PATCH');
