import type { NextRequest } from 'next/server';

import { otherMethods } from '@/lib/http/method-not-allowed';
import { handleFlowthrough } from '@/lib/provisioning/endpoint';

type Context = { params: Promise<{ provisioningId: string }> };

export async function POST(request: NextRequest, context: Context) {
  return handleFlowthrough(request, (await context.params).provisioningId);
}

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
