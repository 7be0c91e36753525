import { z } from 'zod';

import { passwordMaxLength, passwordMinLength } from '@/lib/auth/password-rules';
import { optionalEmail, optionalText, requiredText, version } from '@/lib/validation/fields';

export const subscriberPackages = ['softphone', 'basic', 'standard', 'premium'] as const;
export const emailLanguages = [
  'en',
  'nl',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'da',
  'sv',
  'nb',
  'fi',
  'pl',
] as const;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(
    (value) => /^[A-Z]{2}$/.test(value) && regionNames.of(value) !== undefined,
    'validation.countryCode',
  );

const provisioningAccount = z
  .string()
  .trim()
  .min(1, 'validation.required')
  .max(80, 'validation.tooLong|80')
  .regex(/^[A-Za-z0-9._@-]+$/, 'validation.account');

const provisioningPassword = z
  .string()
  .max(passwordMaxLength, `validation.tooLong|${passwordMaxLength}`);

/** Every editable field of a customer template; the provisioning password is write-only. */
export const templateFieldsSchema = z.strictObject({
  name: requiredText(80),
  countryCode,
  emailLanguage: z.enum(emailLanguages, 'validation.invalid'),
  clusterId: z.uuid('validation.cluster'),
  flowthroughEnabled: z.boolean(),
  provisioningAccount,
  provisioningPassword: provisioningPassword.optional(),
  provisioningPasswordConfirm: provisioningPassword.optional(),
  createOrgsAutomatically: z.boolean(),
  spAdminEmail: optionalEmail,
  orgMode: z.enum(['enterprise', 'group']),
  defaultPackage: z.enum(subscriberPackages),
  disableFreeCalling: z.boolean(),
  callInNumbers: z.enum(['cloud', 'partner']),
  emailTrust: z.enum(['trusted', 'untrusted']),
  provisionAdminFirst: z.boolean(),
  allowSelfActivation: z.boolean(),
  authenticationMode: z.enum(['broadworks', 'cloud']),
  prefillLoginEmail: z.boolean(),
  directorySync: z.boolean(),
  partnerAdminDisplayName: optionalText(120),
});

type TemplateFields = z.infer<typeof templateFieldsSchema>;

/**
 * Blank password fields keep the stored password on edit; on create one is required. Exported
 * so that a form step can check the password fields it shows.
 */
export function checkPassword(required: boolean) {
  return (value: Partial<TemplateFields>, context: z.RefinementCtx) => {
    const password = value.provisioningPassword ?? '';
    const confirm = value.provisioningPasswordConfirm ?? '';

    if (!password && !confirm) {
      if (required) {
        context.addIssue({
          code: 'custom',
          path: ['provisioningPassword'],
          message: 'validation.passwordRequired',
        });
      }
      return;
    }
    if (password.length < passwordMinLength) {
      context.addIssue({
        code: 'custom',
        path: ['provisioningPassword'],
        message: `validation.passwordTooShort|${passwordMinLength}`,
      });
    }
    if (password !== confirm) {
      context.addIssue({
        code: 'custom',
        path: ['provisioningPasswordConfirm'],
        message: 'validation.passwordMismatch',
      });
    }
  };
}

export const createTemplateSchema = templateFieldsSchema.superRefine(checkPassword(true));

export const updateTemplateSchema = templateFieldsSchema
  .extend({ version })
  .superRefine(checkPassword(false));

export type CreateTemplateInput = z.infer<typeof createTemplateSchema>;
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;
