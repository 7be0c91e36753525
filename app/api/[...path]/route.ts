import type { NextRequest } from 'next/server';

import { currentUser } from '@/lib/auth/current-user';
import { runRoute } from '@/lib/http/api-route';
import { notFound, unauthorized } from '@/lib/http/errors';

/** Any API path no route serves: 401 before sign-in (deny by default), then 404. */
async function unknownRoute(request: NextRequest) {
  return runRoute(request, async () => {
    if (!(await currentUser(request.headers.get('cookie')))) throw unauthorized();
    throw notFound('API route');
  });
}

export {
  unknownRoute as GET,
  unknownRoute as POST,
  unknownRoute as PUT,
  unknownRoute as PATCH,
  unknownRoute as DELETE,
};
