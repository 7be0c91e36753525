import { z } from 'zod';

import { subscriberPackages } from '@/lib/templates/schemas';
import { optionalEmail, requiredText } from '@/lib/validation/fields';

/**
 * The public subscriber API, in the field names of the cloud vendor's API so that client
 * code written for it can be pointed here.
 */
export const subscriberStatuses = [
  'pending_email_input',
  'pending_email_validation',
  'pending_user_migration',
  'provisioning',
  'provisioned',
  'updating',
  'error',
] as const;

const identifier = z
  .string()
  .trim()
  .min(1, 'validation.required')
  .max(161, 'validation.tooLong|161')
  .regex(/^[^\s/]+$/, 'validation.userId');

const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{3,20}$/, 'validation.invalid');

/** `nl` or `nl_NL`. */
const language = z
  .string()
  .trim()
  .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'validation.invalid');

const timezone = z.string().trim().min(1).max(64, 'validation.tooLong|64');

export const createSubscriberSchema = z.strictObject({
  provisioningId: z.string().trim().min(1, 'validation.required').max(40),
  userId: identifier,
  spEnterpriseId: identifier,
  firstName: requiredText(64),
  lastName: requiredText(64),
  package: z.enum(subscriberPackages, 'validation.invalid'),
  email: optionalEmail,
  primaryPhoneNumber: phoneNumber.optional(),
  mobilePhoneNumber: phoneNumber.optional(),
  extension: z
    .string()
    .trim()
    .regex(/^[0-9]{1,16}$/, 'validation.invalid')
    .optional(),
  language: language.optional(),
  timezone: timezone.optional(),
});

/** An empty mobile number removes it. */
export const updateSubscriberSchema = z
  .strictObject({
    firstName: requiredText(64).optional(),
    lastName: requiredText(64).optional(),
    primaryPhoneNumber: phoneNumber.optional(),
    mobilePhoneNumber: z.union([z.literal(''), phoneNumber]).optional(),
    extension: z
      .string()
      .trim()
      .regex(/^[0-9]{1,16}$/, 'validation.invalid')
      .optional(),
    package: z.enum(subscriberPackages, 'validation.invalid').optional(),
    timezone: timezone.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Give at least one field to change.');

const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listSubscribersQuery = z.strictObject({
  userId: z.string().max(161).optional(),
  email: z.string().max(254).optional(),
  provisioningId: z.string().max(40).optional(),
  spEnterpriseId: z.string().max(161).optional(),
  status: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()))
    .pipe(z.array(z.enum(subscriberStatuses, 'validation.invalid')))
    .optional(),
  after: z.iso.datetime({ offset: true }).optional(),
  lastStatusChange: z.iso.datetime({ offset: true }).optional(),
  selfActivated: booleanText.optional(),
  max: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export const listEnterprisesQuery = z.strictObject({
  spEnterpriseId: z.string().max(161).optional(),
  startsWith: z.string().max(161).optional(),
  max: z.coerce.number().int().min(1).max(1000).default(100),
});

export type CreateSubscriberInput = z.infer<typeof createSubscriberSchema>;
export type UpdateSubscriberInput = z.infer<typeof updateSubscriberSchema>;
export type ListSubscribersQuery = z.infer<typeof listSubscribersQuery>;
export type ListEnterprisesQuery = z.infer<typeof listEnterprisesQuery>;
