import { z } from 'zod';

import type { Prisma } from '@/lib/generated/prisma/client';
import type { OutboxStatus } from '@/lib/generated/prisma/enums';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

export const outboxStatuses = [
  'pending',
  'held',
  'sent',
  'failed',
] as const satisfies readonly OutboxStatus[];

export const outboxPageSize = 50;

// A form or link that sends `status=` means "any status", not an invalid one.
const blankAsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** The query string of the outbox list: an optional status and a page number from 1. */
export const listOutboxQuery = z.strictObject({
  status: z.preprocess(blankAsAbsent, z.enum(outboxStatuses, 'validation.invalid').optional()),
  page: z.preprocess(
    blankAsAbsent,
    z.coerce
      .number('validation.invalid')
      .int('validation.invalid')
      .min(1, 'validation.invalid')
      .max(100_000, 'validation.invalid')
      .default(1),
  ),
});

export type ListOutboxQuery = z.infer<typeof listOutboxQuery>;

// Listed field by field: the body carries a one-time activation link and never leaves the
// server, and a column added later stays out of the answer until someone lists it here.
const outboxMessageSelect = {
  id: true,
  kind: true,
  recipient: true,
  subject: true,
  status: true,
  statusReason: true,
  createdAt: true,
  sentAt: true,
} satisfies Prisma.OutboxMessageSelect;

export type OutboxMessageView = Prisma.OutboxMessageGetPayload<{
  select: typeof outboxMessageSelect;
}>;

export interface OutboxPage {
  items: OutboxMessageView[];
  page: number;
  pageSize: number;
  total: number;
}

/** One page of the partner's outbox, newest message first. */
export async function listOutboxMessages(
  db: PartnerDb,
  options: ListOutboxQuery,
): Promise<OutboxPage> {
  const { status, page } = options;
  const where = status ? { status } : {};

  const [items, total] = await Promise.all([
    db.outboxMessage.findMany({
      where,
      select: outboxMessageSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * outboxPageSize,
      take: outboxPageSize,
    }),
    db.outboxMessage.count({ where }),
  ]);

  return { items, page, pageSize: outboxPageSize, total };
}
