import { NextResponse } from 'next/server';

import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { uuidParam } from '@/lib/http/params';
import { updateTemplateSchema } from '@/lib/templates/schemas';
import { deleteTemplate, findTemplate, updateTemplate } from '@/lib/templates/template-store';

type Params = { id: string };

export const GET = partnerRoute<Params>(
  { permission: 'read' },
  async ({ db, params, trackingId }) =>
    jsonResponse(await findTemplate(db, uuidParam(params.id, 'customer template')), trackingId),
);

export const PATCH = partnerRoute<Params, typeof updateTemplateSchema>(
  { permission: 'write', body: updateTemplateSchema },
  async ({ db, user, params, body, trackingId }) => {
    const templateId = uuidParam(params.id, 'customer template');
    return jsonResponse(
      await updateTemplate(db, { actor: user, templateId, input: body }),
      trackingId,
    );
  },
);

export const DELETE = partnerRoute<Params>(
  { permission: 'write' },
  async ({ db, user, params, trackingId }) => {
    await deleteTemplate(db, {
      actor: user,
      templateId: uuidParam(params.id, 'customer template'),
    });
    return new NextResponse(null, { status: 204, headers: { TrackingID: trackingId } });
  },
);

export const { POST, PUT } = otherMethods('GET', 'PATCH', 'DELETE');
