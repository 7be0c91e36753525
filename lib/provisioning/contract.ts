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

/**
 * A change counter from BroadWorks (for example the time of the change in milliseconds): a
 * whole number, or its digits as text, which is how an XML attribute carries it.
 */
const sequence = z
  .union(
    [
      z.number(),
      z
        .string()
        .trim()
        .regex(/^[0-9]{1,16}$/),
    ],
    'validation.invalid',
  )
  .transform(Number)
  .pipe(z.number().int('validation.invalid').nonnegative().max(Number.MAX_SAFE_INTEGER))
  .optional();

export const flowthroughRequestSchema = z.discriminatedUnion('operation', [
  z.strictObject({ operation: z.literal('add'), sequence, user: flowthroughUserSchema }),
  z.strictObject({ operation: z.literal('modify'), sequence, user: flowthroughUserSchema }),
  z.strictObject({
    operation: z.literal('delete'),
    sequence,
    // The adapter may send the whole user with a delete; only its ID counts.
    user: flowthroughUserSchema.partial().extend({ userId: identifier }),
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

const predefinedEntities: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  apos: "'",
  quot: '"',
};

/**
 * Replaces XML's five predefined entities and character references in a text. These are part
 * of every document, not declarations; any other entity name is refused.
 */
function decodeXmlText(text: string): string {
  return text.replace(/&([^;&\s]{0,12});/g, (whole, name: string) => {
    const predefined = predefinedEntities[name];
    if (predefined !== undefined) return predefined;

    const reference = /^#(?:([0-9]{1,7})|x([0-9a-fA-F]{1,6}))$/.exec(name);
    const codePoint = reference
      ? Number.parseInt(reference[1] ?? reference[2]!, reference[1] ? 10 : 16)
      : NaN;
    const allowed =
      codePoint === 0x9 ||
      codePoint === 0xa ||
      codePoint === 0xd ||
      (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
      (codePoint >= 0xe000 &&
        codePoint <= 0x10ffff &&
        codePoint !== 0xfffe &&
        codePoint !== 0xffff);
    if (!allowed) throw badXml(`${whole} is not a character or entity that XML defines.`);
    return String.fromCodePoint(codePoint);
  });
}

/** Decodes every text of a parsed element; empty elements count as absent. */
function decodeElement(value: unknown): unknown {
  if (typeof value === 'string') return decodeXmlText(value);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;

  const decoded: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    if (child === '') continue;
    decoded[name] = decodeElement(child);
  }
  return decoded;
}

/**
 * Reads the XML form. A document type declaration is refused outright: no DTD, no declared
 * entity (internal or external) is ever processed; only the predefined ones are decoded.
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

  // Namespace declarations say how the document was written, not what it asks.
  const {
    operation,
    sequence: sequenceText,
    user,
    ...rest
  } = decodeElement(root) as Record<string, unknown>;
  const unexpected = Object.fromEntries(
    Object.entries(rest).filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:')),
  );
  return {
    operation,
    ...(sequenceText !== undefined ? { sequence: sequenceText } : {}),
    user,
    ...unexpected,
  };
}
