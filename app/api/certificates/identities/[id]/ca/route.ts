import { caChainPem } from '@/lib/certificates/client-identity';
import { pemDownload } from '@/lib/certificates/pem-response';
import { partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';

type Params = { id: string };

/** One chain's CA certificate, to install on the XSPs' CTI interfaces. */
export const GET = partnerRoute<Params>(
  { permission: 'read' },
  async ({ db, user, params, trackingId }) => {
    const identityId = uuidParam(params.id, 'certificate chain');
    const pem = await caChainPem(db, { partnerId: user.partnerId, identityId });

    return pemDownload(pem, `partner-hub-cti-ca-${identityId.slice(0, 8)}.pem`, trackingId);
  },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
