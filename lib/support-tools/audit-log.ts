import { z } from 'zod';

import type { Prisma } from '@/lib/generated/prisma/client';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import { csvLine } from './csv';

export const auditPageSize = 50;
export const auditExportMaxRows = 10_000;
const exportBatchRows = 500;

const blankAsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const day = z.preprocess(blankAsAbsent, z.iso.date('validation.invalid').optional());

const text = (max: number) =>
  z.preprocess(blankAsAbsent, z.string().trim().max(max, `validation.tooLong|${max}`).optional());

// Newest first; a cursor names the last entry of the page before: its time and id.
const cursorPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(\d{1,19})$/;

/** The filters of the audit log: actor, action, target, a period of whole days (UTC). */
export const auditFilterShape = {
  actor: text(254),
  action: text(80),
  target: text(80),
  from: day,
  to: day,
};

const refinePeriod = <T extends { from?: string; to?: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.from && value.to && value.from > value.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.invalid' });
  }
};

export const auditListQuery = z
  .strictObject({
    ...auditFilterShape,
    cursor: z.preprocess(
      blankAsAbsent,
      z.string().regex(cursorPattern, 'validation.invalid').optional(),
    ),
  })
  .superRefine(refinePeriod);

export const auditExportQuery = z.strictObject(auditFilterShape).superRefine(refinePeriod);

export type AuditFilters = z.infer<typeof auditExportQuery>;

const dayMs = 24 * 60 * 60 * 1000;

/** The where clause of the filters; every part narrows within the partner's own entries. */
export function auditWhere(filters: AuditFilters): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput[] = [];

  if (filters.actor) {
    where.push({ actorLabel: { contains: filters.actor, mode: 'insensitive' } });
  }
  if (filters.action) where.push({ action: filters.action });
  if (filters.target) {
    where.push({ OR: [{ targetId: filters.target }, { targetType: filters.target }] });
  }
  if (filters.from) where.push({ createdAt: { gte: new Date(`${filters.from}T00:00:00.000Z`) } });
  if (filters.to) {
    where.push({ createdAt: { lt: new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + dayMs) } });
  }
  return where.length ? { AND: where } : {};
}

function afterCursor(cursor: string | undefined): Prisma.AuditEntryWhereInput {
  const match = cursor ? cursorPattern.exec(cursor) : null;
  if (!match) return {};

  const createdAt = new Date(match[1]!);
  const id = BigInt(match[2]!);
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

const auditSelect = {
  id: true,
  createdAt: true,
  actorLabel: true,
  action: true,
  targetType: true,
  targetId: true,
  outcome: true,
  trackingId: true,
  clientIp: true,
  details: true,
} satisfies Prisma.AuditEntrySelect;

type AuditRow = Prisma.AuditEntryGetPayload<{ select: typeof auditSelect }>;

export interface AuditLogEntry {
  id: string;
  time: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  trackingId: string;
  clientIp: string | null;
  details: Prisma.JsonValue;
}

export interface AuditLogPage {
  items: AuditLogEntry[];
  /** Pass as `cursor` for the next, older page; null on the last page. */
  nextCursor: string | null;
  /** The actions that occur in this partner's log, for the action filter. */
  actions: string[];
}

const cursorOf = (row: AuditRow) => `${row.createdAt.toISOString()}_${row.id}`;

function toEntry(row: AuditRow): AuditLogEntry {
  return {
    id: String(row.id),
    time: row.createdAt.toISOString(),
    actor: row.actorLabel,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome,
    trackingId: row.trackingId,
    clientIp: row.clientIp,
    details: row.details,
  };
}

async function auditRows(
  db: PartnerDb,
  filters: AuditFilters,
  cursor: string | undefined,
  take: number,
): Promise<AuditRow[]> {
  return db.auditEntry.findMany({
    where: { AND: [auditWhere(filters), afterCursor(cursor)] },
    select: auditSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
  });
}

/** One page of the partner's audit log, newest first, with the cursor of the next page. */
export async function listAuditEntries(
  db: PartnerDb,
  query: z.infer<typeof auditListQuery>,
): Promise<AuditLogPage> {
  const { cursor, ...filters } = query;
  const [rows, actions] = await Promise.all([
    auditRows(db, filters, cursor, auditPageSize + 1),
    db.auditEntry.groupBy({ by: ['action'], orderBy: { action: 'asc' } }),
  ]);
  const page = rows.slice(0, auditPageSize);

  return {
    items: page.map(toEntry),
    nextCursor: rows.length > auditPageSize ? cursorOf(page.at(-1)!) : null,
    actions: actions.map((row) => row.action),
  };
}

const exportHeader = [
  'time',
  'actor',
  'action',
  'target_type',
  'target_id',
  'outcome',
  'tracking_id',
  'client_ip',
  'details',
];

function exportLine(row: AuditRow): string {
  return csvLine([
    row.createdAt.toISOString(),
    row.actorLabel,
    row.action,
    row.targetType,
    row.targetId,
    row.outcome,
    row.trackingId,
    row.clientIp,
    row.details === null ? null : JSON.stringify(row.details),
  ]);
}

/**
 * The filtered entries as CSV, newest first, read and sent a batch at a time so that a long
 * log never sits in memory whole; at most `maxRows` entries.
 */
export function auditCsvStream(
  db: PartnerDb,
  filters: AuditFilters,
  maxRows = auditExportMaxRows,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let sent = 0;
  let started = false;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // The byte order mark lets spreadsheet programs read the file as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(exportHeader)}`));
        return;
      }

      const rows = await auditRows(db, filters, cursor, Math.min(exportBatchRows, maxRows - sent));
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map(exportLine).join('')));
        sent += rows.length;
        cursor = cursorOf(rows.at(-1)!);
      }
      if (rows.length < exportBatchRows || sent >= maxRows) controller.close();
    },
  });
}

/** Whether the filtered entries are more than an export carries. */
export async function exceedsExportCap(
  db: PartnerDb,
  filters: AuditFilters,
  maxRows = auditExportMaxRows,
): Promise<boolean> {
  const count = await db.auditEntry.count({ where: auditWhere(filters), take: maxRows + 1 });
  return count > maxRows;
}
