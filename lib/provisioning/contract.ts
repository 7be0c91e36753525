import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

import { AppError } from '@/lib/http/errors';
import { optionalEmail, requiredText } from '@/lib/validation/fields';

/**
 * The flowthrough contract: what the BroadWorks provisioning adapter sends to a template's
 * provisioning URL, as JSON or as XML of the same shape (see the API reference).
 */
const identifier = z
  .string()
  .trim()
  .min(1, 'validation.required')
  .max(161, 'validation.tooLong|161')
  .regex(/^[^\s/]+$/, 'validation.userId');

const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{3,20}$/, 'validation.invalid')
  .optional();

export const flowthroughUserSchema = z.strictObject({
  userId: identifier,
  serviceProviderId: identifier,
  enterpriseId: identifier,
  enterpriseName: requiredText(160).optional(),
  groupId: identifier.optional(),
  firstName: requiredText(64),
  lastName: requiredText(64),
  email: optionalEmail,
  primaryPhoneNumber: phoneNumber,
  mobilePhoneNumber: phoneNumber,
  extension: z
    .string()
    .trim()
    .regex(/^[0-9]{1,16}$/, 'validation.invalid')
    .optional(),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'validation.invalid')
    .optional(),
  timeZone: z.string().trim().max(64, 'validation.tooLong|64').optional(),
});

/** A change counter from BroadWorks (for example the time of the change in milliseconds). */
const sequence = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional();

export const flowthroughRequestSchema = z.discriminatedUnion('operation', [
  z.strictObject({ operation: z.literal('add'), sequence, user: flowthroughUserSchema }),
  z.strictObject({ operation: z.literal('modify'), sequence, user: flowthroughUserSchema }),
  z.strictObject({
    operation: z.literal('delete'),
    sequence,
    user: z.strictObject({ userId: identifier }),
  }),
]);

export type FlowthroughRequest = z.infer<typeof flowthroughRequestSchema>;
export type FlowthroughUser = z.infer<typeof flowthroughUserSchema>;

export const maxFlowthroughBytes = 64 * 1024;

function badXml(description: string): AppError {
  return new AppError('bad_request', 'The XML body is not valid.', [description]);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Entities are never expanded, and values stay text: zod decides what they mean.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/**
 * Reads the XML form. A document type declaration is refused outright: no DTD, no entity
 * of any kind (internal or external) is ever processed.
 */
export function parseFlowthroughXml(text: string): unknown {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw badXml('Document type declarations and entities are not accepted.');
  }

  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw badXml(`Line ${validation.err.line}: ${validation.err.msg}`);
  }

  const document = parser.parse(text) as Record<string, unknown>;
  const root = document.flowthroughRequest as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') {
    throw badXml('The root element must be <flowthroughRequest>.');
  }

  const { operation, sequence: sequenceText, user, ...unexpected } = root;
  return {
    operation,
    ...(sequenceText !== undefined ? { sequence: sequenceText } : {}),
    user,
    ...unexpected,
  };
}
