import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';

import { currentUser, type CurrentUser } from './current-user';

/**
 * Every hub page calls this itself: the proxy's redirect is a convenience, not the check.
 * Cached per request, so the layout and the page share one database lookup.
 */
export const requirePageUser = cache(async (): Promise<CurrentUser> => {
  const requestHeaders = await headers();
  const user = await currentUser(requestHeaders.get('cookie'));
  if (user) return user;

  const path = requestHeaders.get('x-pathname') ?? '/';
  redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
});
