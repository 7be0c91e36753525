import { z } from 'zod';

import { isTrackingId } from '@/lib/observability/tracking-id';

/** An organisation ID as the vendor writes it: 32 hex digits in groups of 8-4-4-4-12. */
const orgIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const supportCaseFields = [
  'partnerOrgId',
  'customerOrgId',
  'trackingId',
  'email',
  'clientVersions',
  'summary',
] as const;

export type SupportCaseField = (typeof supportCaseFields)[number];

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );

/**
 * A support case as the vendor's support needs it: the partner's org ID always, the rest when
 * the problem has one (a customer, a failing request, a user, a client). Messages are keys of the `supportTools`
 * catalog (`case.errors.*`), so the form names the field and the problem in the admin's language.
 */
export const supportCaseSchema = z.strictObject({
  partnerOrgId: z.string('required').trim().min(1, 'required').regex(orgIdPattern, 'orgId'),
  customerOrgId: optional(z.string().trim().regex(orgIdPattern, 'orgId')),
  trackingId: optional(
    z
      .string()
      .trim()
      .refine((value) => isTrackingId(value), 'trackingId'),
  ),
  email: optional(z.string().trim().max(254, 'tooLong').pipe(z.email('email'))),
  clientVersions: optional(z.string().trim().max(1_000, 'tooLong')),
  summary: optional(z.string().trim().max(4_000, 'tooLong')),
});

export type SupportCaseInput = z.input<typeof supportCaseSchema>;
export type SupportCase = z.output<typeof supportCaseSchema>;

// The keys the form has a text for; anything else the schema says is shown as "not valid".
const messageKeys = new Set(['required', 'orgId', 'trackingId', 'email', 'tooLong']);

/** Checks the fields; each problem names its field and a message key. */
export function validateSupportCase(
  input: Partial<Record<SupportCaseField, string>>,
):
  | { ok: true; value: SupportCase }
  | { ok: false; errors: Partial<Record<SupportCaseField, string>> } {
  const parsed = supportCaseSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };

  const errors: Partial<Record<SupportCaseField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as SupportCaseField;
    errors[field] ??= messageKeys.has(issue.message) ? issue.message : 'invalid';
  }
  return { ok: false, errors };
}

/**
 * The case as plain text for the vendor's support, in English whatever the hub's language:
 * that is the language the vendor's support works in.
 */
export function supportCaseText(value: SupportCase, preparedAt = new Date()): string {
  const lines = [
    'Support case: BroadWorks calling partner hub',
    '',
    `Partner org ID:  ${value.partnerOrgId}`,
    `Customer org ID: ${value.customerOrgId ?? '(not given)'}`,
    `TrackingID:      ${value.trackingId ?? '(not given)'}`,
    `User email:      ${value.email ?? '(not given)'}`,
    '',
    'Client versions:',
    ...(value.clientVersions
      ? value.clientVersions.split(/\r?\n/).map((line) => `  ${line}`)
      : ['  (not given)']),
  ];
  if (value.summary)
    lines.push('', 'What happened:', ...value.summary.split(/\r?\n/).map((line) => `  ${line}`));
  lines.push('', `Prepared: ${preparedAt.toISOString()}`);

  return `${lines.join('\n')}\n`;
}

/** A file name for the downloaded case, from its TrackingID or else the day. */
export function supportCaseFileName(value: SupportCase, preparedAt = new Date()): string {
  const day = preparedAt.toISOString().slice(0, 10).replaceAll('-', '');
  return `support-case-${value.trackingId ?? day}.txt`;
}
