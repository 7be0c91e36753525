import { NextResponse } from 'next/server';

import { partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';
import { deleteWebhook } from '@/lib/status/webhooks';

type Params = { id: string };

/** Deletes the webhook; deliveries still queued for it are dropped. A second delete is a 404. */
export const DELETE = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params }) => {
    await deleteWebhook(db, { actor: user, webhookId: uuidParam(params.id, 'webhook') });

    return new NextResponse(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  },
);

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
