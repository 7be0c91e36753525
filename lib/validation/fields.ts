import { z } from 'zod';

/**
 * Field rules shared by forms and routes. Messages are keys of the `validation` message
 * namespace, so the form shows them in the admin's language and the API answers in the
 * caller's.
 */
export const requiredText = (max: number) =>
  z.string().trim().min(1, 'validation.required').max(max, `validation.tooLong|${max}`);

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `validation.tooLong|${max}`)
    .transform((value) => value || null)
    .nullable()
    .optional();

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && Boolean(url.hostname) && !url.username && !url.password;
  } catch {
    return false;
  }
}

export const httpsUrl = z
  .string()
  .trim()
  .min(1, 'validation.required')
  .max(2048, 'validation.tooLong|2048')
  .refine(isHttpsUrl, 'validation.httpsUrl');

export const optionalHttpsUrl = z
  .string()
  .trim()
  .max(2048, 'validation.tooLong|2048')
  .refine((value) => value === '' || isHttpsUrl(value), 'validation.httpsUrl')
  .transform((value) => value || null)
  .nullable()
  .optional();

export const port = z
  .number({ error: 'validation.port' })
  .int('validation.port')
  .min(1, 'validation.port')
  .max(65535, 'validation.port');

/** A BroadWorks user ID: `user@domain` or a plain ID, no spaces. */
export const broadWorksUserId = z
  .string()
  .trim()
  .max(161, 'validation.tooLong|161')
  .regex(/^[^\s:]*$/, 'validation.userId');

export const optionalEmail = z
  .string()
  .trim()
  .max(254, 'validation.tooLong|254')
  .refine((value) => value === '' || z.email().safeParse(value).success, 'validation.email')
  .transform((value) => value.toLowerCase() || null)
  .nullable()
  .optional();

export const version = z.number({ error: 'validation.version' }).int().min(1);
