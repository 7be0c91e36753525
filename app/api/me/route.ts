import { z } from 'zod';

import { recordAudit } from '@/lib/audit/record-audit';
import { jsonResponse, partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { locales } from '@/i18n/config';

const preferencesSchema = z.strictObject({ locale: z.enum(locales) });

export const GET = partnerRoute({ permission: 'read' }, async ({ user, trackingId }) =>
  jsonResponse(
    {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      locale: user.locale,
      partner: { id: user.partnerId, name: user.partnerName },
    },
    trackingId,
  ),
);

/** Everyone may change their own preferences, support staff included. */
export const PATCH = partnerRoute(
  { permission: 'read', body: preferencesSchema },
  async ({ user, db, body, trackingId }) => {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { locale: body.locale } });
      await recordAudit(tx, {
        partnerId: user.partnerId,
        actorUserId: user.id,
        actorLabel: user.email,
        action: 'user.preferences_changed',
        targetType: 'user',
        targetId: user.id,
        outcome: 'success',
        details: { before: { locale: user.locale }, after: { locale: body.locale } },
      });
    });

    return jsonResponse({ locale: body.locale }, trackingId);
  },
);

export const { POST, PUT, DELETE } = otherMethods('GET', 'PATCH');
