import { z } from 'zod';

import { passwordMaxLength } from './password-rules';

/** The sign-in form's input; messages are i18n keys of the `signIn` namespace. */
export const signInSchema = z.object({
  email: z.string().trim().min(1, 'emailRequired').max(254),
  password: z.string().min(1, 'passwordRequired').max(passwordMaxLength),
});

export type SignInInput = z.infer<typeof signInSchema>;

/** Only a path on this site may follow sign-in. */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/customers';
  return value;
}
