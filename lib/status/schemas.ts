import { z } from 'zod';

import { httpsUrl, requiredText } from '@/lib/validation/fields';

export const incidentImpacts = ['degraded', 'outage'] as const;

export const createIncidentSchema = z.strictObject({
  title: requiredText(160),
  message: requiredText(4000),
  impact: z.enum(incidentImpacts, 'validation.invalid'),
});

export type CreateIncidentInput = z.infer<typeof createIncidentSchema>;

export const createWebhookSchema = z.strictObject({
  url: httpsUrl,
});

export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;
