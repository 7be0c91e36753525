import { listXspCertificates } from '@/lib/certificates/xsp-inventory';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';

export const GET = partnerRoute({ permission: 'read' }, async ({ db, trackingId }) =>
  jsonResponse(await listXspCertificates(db), trackingId),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
