import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { parseQuery } from '@/lib/http/query';
import { auditListQuery, listAuditEntries } from '@/lib/support-tools/audit-log';

export const GET = partnerRoute({ permission: 'read' }, async ({ request, db, trackingId }) =>
  jsonResponse(await listAuditEntries(db, parseQuery(request, auditListQuery)), trackingId),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
