import type { NextRequest } from 'next/server';
import { z } from 'zod';

import { jsonResponse, readJsonBody, runRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { clientAddressOf, enforceRateLimit } from '@/lib/http/rate-limit';
import { activateSubscriber } from '@/lib/provisioning/activation';

const activationSchema = z.strictObject({ token: z.string().min(1).max(200) });

/** Public: the token from the emailed link is the credential. */
export function POST(request: NextRequest) {
  return runRoute(request, async (trackingId) => {
    enforceRateLimit('address', clientAddressOf(request));
    const { token } = activationSchema.parse(await readJsonBody(request));

    await activateSubscriber(token);
    return jsonResponse({ status: 'provisioned' }, trackingId);
  });
}

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
