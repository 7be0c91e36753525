import { recheckXspCertificates } from '@/lib/certificates/xsp-inventory';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';

/** Reads every cluster's server certificates again now. */
export const POST = partnerRoute({ permission: 'write' }, async ({ db, user, trackingId }) =>
  jsonResponse(await recheckXspCertificates(db, { actor: user }), trackingId),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
