import { caChainPem } from '@/lib/certificates/client-identity';
import { pemDownload } from '@/lib/certificates/pem-response';
import { partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';

/** Every chain in use in one file: XSPs that install it accept the hub before and after. */
export const GET = partnerRoute({ permission: 'read' }, async ({ db, user, trackingId }) =>
  pemDownload(
    await caChainPem(db, { partnerId: user.partnerId }),
    'partner-hub-cti-ca-bundle.pem',
    trackingId,
  ),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
