import { readConfig } from '@/lib/config';
import { jsonResponse } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { parseQuery } from '@/lib/http/query';
import { tokenRoute } from '@/lib/http/token-route';
import { createSubscriberSchema, listSubscribersQuery } from '@/lib/subscribers/schemas';
import { createSubscriber, listSubscribers } from '@/lib/subscribers/subscriber-api';

export const GET = tokenRoute({ scope: 'read' }, async ({ request, db, trackingId }) => {
  const page = await listSubscribers(db, parseQuery(request, listSubscribersQuery));

  const headers: Record<string, string> = {};
  if (page.nextCursor) {
    // The app's public address, not the one this request reached it at: behind a proxy that
    // is an inner host, and plain http where the client spoke https.
    const next = new URL(request.nextUrl.pathname + request.nextUrl.search, readConfig().baseUrl);
    next.searchParams.set('cursor', page.nextCursor);
    headers.Link = `<${next.toString()}>; rel="next"`;
  }
  return jsonResponse({ items: page.items }, trackingId, { headers });
});

export const POST = tokenRoute(
  { scope: 'write', body: createSubscriberSchema },
  async ({ db, caller, body, trackingId }) => {
    const { subscriber, created } = await createSubscriber(db, { caller, input: body });
    return jsonResponse(subscriber, trackingId, { status: created ? 201 : 200 });
  },
);

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
