import { z } from 'zod';

import { passwordMaxLength, passwordMinLength } from '@/lib/auth/password-rules';

const password = z
  .string()
  .min(passwordMinLength, `Must be at least ${passwordMinLength} characters.`)
  .max(passwordMaxLength, `Must be at most ${passwordMaxLength} characters.`);

export const userRoleSchema = z.enum(['full_admin', 'read_only']);

export const createUserSchema = z.strictObject({
  email: z
    .email('Must be an email address.')
    .max(254)
    .transform((value) => value.toLowerCase()),
  name: z.string().trim().min(1, 'Is required.').max(120),
  role: userRoleSchema,
  password,
});

export const updateUserSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Is required.').max(120).optional(),
    role: userRoleSchema.optional(),
    active: z.boolean().optional(),
    password: password.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Give at least one field to change.');

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
