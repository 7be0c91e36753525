import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver, UseFormSetError } from 'react-hook-form';
import { z } from 'zod';

import { checkPassword, emailLanguages, templateFieldsSchema } from '@/lib/templates/schemas';
import { isApiError } from '@/components/ui/api-client';
import { applyFieldErrors } from '@/components/ui/form-errors';

import type { CreateTemplateRequest } from './template-queries';
import type { Template } from './template-types';

export type TemplateFormValues = z.input<typeof templateFieldsSchema>;
export type TemplateField = keyof TemplateFormValues;

export const templateFieldNames = Object.keys(templateFieldsSchema.shape) as TemplateField[];

export type TemplateGroup =
  | 'details'
  | 'service'
  | 'provisioning'
  | 'packages'
  | 'options'
  | 'emailTrust'
  | 'authentication'
  | 'preferences';

/** The groups of a template, as the product describes them and in the order of the steps. */
export const templateGroups: Record<TemplateGroup, readonly TemplateField[]> = {
  details: ['name', 'countryCode', 'emailLanguage'],
  service: ['clusterId'],
  provisioning: [
    'flowthroughEnabled',
    'provisioningAccount',
    'provisioningPassword',
    'provisioningPasswordConfirm',
    'createOrgsAutomatically',
    'spAdminEmail',
    'orgMode',
  ],
  packages: ['defaultPackage'],
  options: ['disableFreeCalling', 'callInNumbers'],
  emailTrust: ['emailTrust', 'provisionAdminFirst', 'allowSelfActivation'],
  authentication: ['authenticationMode'],
  preferences: ['prefillLoginEmail', 'directorySync', 'partnerAdminDisplayName'],
};

export const templateGroupOrder = Object.keys(templateGroups) as TemplateGroup[];

/**
 * The shared schema narrowed to some fields; other fields of the form are ignored. The password
 * rule joins in when the password fields are among them: required on create, optional on edit.
 */
export function templateSchemaFor(fields: readonly TemplateField[], passwordRequired: boolean) {
  const mask = Object.fromEntries(fields.map((field) => [field, true])) as Record<
    TemplateField,
    true
  >;
  const schema = templateFieldsSchema.pick(mask).strip();

  return fields.includes('provisioningPassword')
    ? schema.superRefine(checkPassword(passwordRequired))
    : schema;
}

/** Validates with the schema but hands the form's own values on, untransformed. */
export function templateResolver(schema: z.ZodType): Resolver<TemplateFormValues> {
  return zodResolver(schema as z.ZodType<unknown, TemplateFormValues>, undefined, {
    raw: true,
  }) as unknown as Resolver<TemplateFormValues>;
}

export function emptyTemplateForm(locale: string): TemplateFormValues {
  const language = (emailLanguages as readonly string[]).includes(locale) ? locale : 'en';

  return {
    name: '',
    countryCode: '',
    emailLanguage: language as TemplateFormValues['emailLanguage'],
    clusterId: '',
    flowthroughEnabled: true,
    provisioningAccount: '',
    provisioningPassword: '',
    provisioningPasswordConfirm: '',
    createOrgsAutomatically: true,
    spAdminEmail: '',
    orgMode: 'enterprise',
    defaultPackage: 'standard',
    disableFreeCalling: false,
    callInNumbers: 'cloud',
    emailTrust: 'trusted',
    provisionAdminFirst: false,
    allowSelfActivation: false,
    authenticationMode: 'broadworks',
    prefillLoginEmail: false,
    directorySync: false,
    partnerAdminDisplayName: '',
  };
}

/** The form's starting values for an edit: both password fields start empty. */
export function templateFormValues(template: Template): TemplateFormValues {
  return {
    name: template.name,
    countryCode: template.countryCode,
    emailLanguage: template.emailLanguage as TemplateFormValues['emailLanguage'],
    clusterId: template.clusterId,
    flowthroughEnabled: template.flowthroughEnabled,
    provisioningAccount: template.provisioningAccount,
    provisioningPassword: '',
    provisioningPasswordConfirm: '',
    createOrgsAutomatically: template.createOrgsAutomatically,
    spAdminEmail: template.spAdminEmail ?? '',
    orgMode: template.orgMode,
    defaultPackage: template.defaultPackage,
    disableFreeCalling: template.disableFreeCalling,
    callInNumbers: template.callInNumbers,
    emailTrust: template.emailTrust,
    provisionAdminFirst: template.provisionAdminFirst,
    allowSelfActivation: template.allowSelfActivation,
    authenticationMode: template.authenticationMode,
    prefillLoginEmail: template.prefillLoginEmail,
    directorySync: template.directorySync,
    partnerAdminDisplayName: template.partnerAdminDisplayName ?? '',
  };
}

/** What the API receives; blank password fields are left out, which keeps the stored one. */
export function templateRequest(values: TemplateFormValues): CreateTemplateRequest {
  const { provisioningPassword, provisioningPasswordConfirm, ...fields } = values;

  return {
    ...fields,
    ...(provisioningPassword || provisioningPasswordConfirm
      ? { provisioningPassword, provisioningPasswordConfirm }
      : {}),
  };
}

/** Shows the API's field errors under the fields, a taken name in the admin's language. */
export function markFieldErrors(
  error: unknown,
  setError: UseFormSetError<TemplateFormValues>,
): string[] {
  if (isApiError(error, 409) && error.reason === 'name_taken') {
    const message = 'validation.templateNameTaken';
    setError('name', { type: 'server', message }, { shouldFocus: true });
    return ['name'];
  }

  return applyFieldErrors(error, setError, templateFieldNames);
}
