import type { NextRequest } from 'next/server';

import { readConfig } from '@/lib/config';
import { jsonResponse, runRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { buildOpenApiDocument } from '@/lib/openapi/document';

/** Public on purpose: the description of the API holds no data. */
export function GET(request: NextRequest) {
  return runRoute(request, async (trackingId) =>
    jsonResponse(buildOpenApiDocument(readConfig().baseUrl), trackingId),
  );
}

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
