import { z } from 'zod';

import { requiredText } from '@/lib/validation/fields';

export const tokenScopes = ['read', 'write'] as const;
export const tokenLifetimesInDays = [7, 30, 90, 180, 365] as const;

export const createTokenSchema = z.strictObject({
  name: requiredText(80),
  scope: z.enum(tokenScopes, 'validation.invalid'),
  expiresInDays: z
    .number({ error: 'validation.invalid' })
    .int('validation.invalid')
    .refine(
      (days) => (tokenLifetimesInDays as readonly number[]).includes(days),
      'validation.invalid',
    ),
});

export type CreateTokenInput = z.infer<typeof createTokenSchema>;
