import type { NextRequest } from 'next/server';

import { jsonResponse, runRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';

/** Liveness: the process answers. Says nothing about the database on purpose. */
export function GET(request: NextRequest) {
  return runRoute(request, async (trackingId) => jsonResponse({ status: 'ok' }, trackingId));
}

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
