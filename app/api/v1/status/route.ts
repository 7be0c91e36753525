import { jsonResponse } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { tokenRoute } from '@/lib/http/token-route';
import { serviceStatus } from '@/lib/status/service-status';

/** The same status the hub shows, for the partner's monitoring; any token may read it. */
export const GET = tokenRoute({ scope: 'read' }, async ({ db, caller, trackingId }) => {
  const summary = await serviceStatus(db, caller.partnerId);
  // The messages are the hub's own way to show a detail in the reader's language.
  const components = summary.components.map(({ message: _message, ...component }) => component);
  return jsonResponse({ ...summary, components }, trackingId);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
