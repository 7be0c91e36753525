import type { NextRequest } from 'next/server';

import { jsonResponse, runRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { checkReadiness } from '@/lib/system/readiness';

/** Readiness: the database answers and every migration is applied. */
export function GET(request: NextRequest) {
  return runRoute(request, async (trackingId) => {
    const readiness = await checkReadiness();
    const headers = readiness.ready ? undefined : { 'Retry-After': '5' };
    return jsonResponse(readiness, trackingId, { status: readiness.ready ? 200 : 503, headers });
  });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
