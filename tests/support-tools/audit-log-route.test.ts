import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as exportRoute from '@/app/api/support/audit/export/route';
import * as auditRoute from '@/app/api/support/audit/route';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { auditCsvStream, auditExportMaxRows } from '@/lib/support-tools/audit-log';
import { csvCell, csvLine } from '@/lib/support-tools/csv';
import { partnerDb } from '@/lib/tenancy/partner-db';

import {
  apiRequest,
  namesField,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { seedPartner } from '../support/seed';

interface AuditPageJson {
  items: {
    id: string;
    time: string;
    actor: string;
    action: string;
    targetType: string | null;
    targetId: string | null;
    outcome: string;
    trackingId: string;
  }[];
  nextCursor: string | null;
  actions: string[];
}

/** Splits CSV text into rows of cells, following RFC 4180 quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;

  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else {
      cell += char;
    }
  }
  return rows;
}

const start = Date.UTC(2026, 10, 1, 8, 0, 0);
const hourMs = 60 * 60 * 1000;

describe('audit log API routes', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let partnerId: string;
  let admin: SignedIn;
  let reader: SignedIn;
  let otherAdmin: SignedIn;

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    const otherPartnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    otherAdmin = await signInAs(prisma, { partnerId: otherPartnerId });
    // Signing in wrote entries of its own; the tests count only the ones below.
    await prisma.auditEntry.deleteMany({});

    // 120 entries an hour apart from 1 November: three actors, two actions, a target each.
    await prisma.auditEntry.createMany({
      data: Array.from({ length: 120 }, (_, index) => ({
        partnerId,
        actorUserId: index % 3 === 0 ? admin.user.id : null,
        actorLabel: index % 3 === 0 ? admin.user.email : `robot-${index % 3}@partner.example`,
        action: index % 2 === 0 ? 'cluster.updated' : 'api_token.created',
        targetType: index % 2 === 0 ? 'cluster' : 'api_token',
        targetId: `target-${index}`,
        outcome: index % 10 === 0 ? 'failure' : 'success',
        trackingId: `PHUB_20261101_${String(index).padStart(24, '0')}`,
        createdAt: new Date(start + index * hourMs),
      })),
    });
    await prisma.auditEntry.create({
      data: {
        partnerId: otherPartnerId,
        actorLabel: otherAdmin.user.email,
        action: 'user.deleted',
        targetType: 'user',
        targetId: 'target-0',
        outcome: 'success',
        trackingId: 'PHUB_20261101_ffffffffffffffffffffffff',
        // Newer than all of the first partner's entries, so a missing scope shows first.
        createdAt: new Date(start + 1_000 * hourMs),
      },
    });
  });
  afterAll(async () => {
    restoreEnv?.();
    await database?.close();
  });

  async function list(query = '', who: SignedIn | null = admin) {
    const request = apiRequest(`/api/support/audit${query ? `?${query}` : ''}`, {
      cookie: who?.cookie,
    });
    return readAnswer<AuditPageJson>(await auditRoute.GET(request, routeContext({})));
  }

  async function exportCsv(query = '', who: SignedIn | null = admin) {
    const request = apiRequest(`/api/support/audit/export${query ? `?${query}` : ''}`, {
      cookie: who?.cookie,
    });
    const response = await exportRoute.GET(request, routeContext({}));
    // Read as bytes: Response.text() would drop the byte order mark this test checks for.
    return { response, text: Buffer.from(await response.arrayBuffer()).toString('utf8') };
  }

  it('answers the newest 50 entries first and pages on by cursor to the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;

    do {
      const answer = await list(cursor ? `cursor=${encodeURIComponent(cursor)}` : '');
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((item) => item.targetId!));
      cursor = answer.body.nextCursor;
      pages += 1;
    } while (cursor);

    expect(pages).toBe(3);
    expect(seen).toHaveLength(120);
    expect(seen[0]).toBe('target-119');
    expect(seen.at(-1)).toBe('target-0');
    expect(new Set(seen).size).toBe(120);
    expect(seen).not.toContain('user.deleted');
  });

  it('lists the actions that occur, for the action filter', async () => {
    const answer = await list();

    expect(answer.body.actions).toEqual(['api_token.created', 'cluster.updated']);
  });

  it('filters by actor, action, target and period, and by all at once', async () => {
    const byActor = await list(`actor=${encodeURIComponent(admin.user.email.toUpperCase())}`);
    const byAction = await list('action=api_token.created');
    const byTargetType = await list('target=cluster');
    const byTargetId = await list('target=target-7');
    // 1 November 08:00 + 40 h = 3 November 00:00; the 2nd holds entries 16 to 39.
    const byDay = await list('from=2026-11-02&to=2026-11-02');
    const combined = await list(
      `actor=robot-1&action=api_token.created&from=2026-11-02&to=2026-11-03`,
    );

    expect(byActor.body.items).toHaveLength(40);
    expect(byActor.body.items.every((item) => item.actor === admin.user.email)).toBe(true);
    expect(byAction.body.items.every((item) => item.action === 'api_token.created')).toBe(true);
    expect(byAction.body.items).toHaveLength(50);
    expect(byAction.body.nextCursor).not.toBeNull();
    expect(byTargetType.body.items.every((item) => item.targetType === 'cluster')).toBe(true);
    expect(byTargetId.body.items.map((item) => item.targetId)).toEqual(['target-7']);
    expect(byDay.body.items.map((item) => item.targetId)).toEqual(
      Array.from({ length: 24 }, (_, index) => `target-${39 - index}`),
    );
    // robot-1 acts when index % 3 === 1; api_token.created when odd; days 2 and 3: 16..63.
    const expected = Array.from({ length: 120 }, (_, index) => index)
      .filter((index) => index % 3 === 1 && index % 2 === 1 && index >= 16 && index <= 63)
      .reverse()
      .map((index) => `target-${index}`);
    expect(combined.body.items.map((item) => item.targetId)).toEqual(expected);
  });

  it("never shows another partner's entries, whatever the filter", async () => {
    const byTarget = await list('target=target-0');
    const byAction = await list('action=user.deleted');
    const theirs = await list('', otherAdmin);

    expect(byTarget.body.items).toHaveLength(1);
    expect(byTarget.text).not.toContain(otherAdmin.user.email);
    expect(byAction.body.items).toEqual([]);
    expect(theirs.body.items.map((item) => item.action)).toEqual(['user.deleted']);
  });

  it('refuses bad filters, naming the field', async () => {
    const cases: [string, string][] = [
      ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'],
      ['from=2026-11-03&to=2026-11-02', 'to'],
      ['cursor=abc', 'cursor'],
      [`actor=${'x'.repeat(300)}`, 'actor'],
      ['partnerId=00000000-0000-4000-8000-000000000000', 'partnerId'],
    ];
    for (const [query, field] of cases) {
      const answer = await list(query);

      expect(answer.status, query).toBe(400);
      expect(namesField(answer.error, field), query).toBe(true);
    }
  });

  it('lets support staff read and export the audit log; refuses anonymous callers', async () => {
    expect((await list('', reader)).status).toBe(200);
    expect((await exportCsv('', reader)).response.status).toBe(200);
    expect((await list('', null)).status).toBe(401);
    expect((await exportCsv('', null)).response.status).toBe(401);
  });

  it('exports the filtered entries as CSV, newest first, as a download', async () => {
    const { response, text } = await exportCsv('action=cluster.updated&from=2026-11-02');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-log-\d{8}\.csv"$/,
    );
    expect(response.headers.get('x-row-cap-reached')).toBe('false');
    expect(text.startsWith('\uFEFF')).toBe(true);

    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      'time',
      'actor',
      'action',
      'target_type',
      'target_id',
      'outcome',
      'tracking_id',
      'client_ip',
      'details',
    ]);
    // Even indexes from 16 to 118.
    expect(rows).toHaveLength(52);
    expect(rows[0]!.slice(2, 5)).toEqual(['cluster.updated', 'cluster', 'target-118']);
    expect(rows.at(-1)![4]).toBe('target-16');
    expect(text).not.toContain(otherAdmin.user.email);
  });

  it('streams a long export in batches and stops at the row cap', async () => {
    const stream = auditCsvStream(partnerDb(partnerId), {}, 70);
    const text = Buffer.from(await new Response(stream).arrayBuffer()).toString('utf8');

    const rows = parseCsv(text.slice(1));
    expect(rows).toHaveLength(71);
    expect(rows[0]![0]).toBe('time');
    expect(rows[1]![4]).toBe('target-119');
    expect(rows[70]![4]).toBe('target-50');
    expect(auditExportMaxRows).toBeGreaterThanOrEqual(10_000);
  });

  it('escapes cells a spreadsheet would run as a formula and quotes where needed', async () => {
    const dangerous = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3', '@SUM(A1)', '\tx'];
    await prisma.auditEntry.createMany({
      data: dangerous.map((actorLabel, index) => ({
        partnerId,
        actorLabel,
        action: 'formula.test',
        targetId: `a,b "c"\nd-${index}`,
        outcome: 'success',
        trackingId: `PHUB_20261101_${String(900 + index).padStart(24, '0')}`,
        details: { note: '=1+1' },
        createdAt: new Date(start - (index + 1) * hourMs),
      })),
    });

    const { text } = await exportCsv('action=formula.test');
    const rows = parseCsv(text.slice(1)).slice(1);

    expect(rows.map((row) => row[1])).toEqual(dangerous.map((value) => `'${value}`));
    expect(rows[0]![4]).toBe('a,b "c"\nd-0');
    expect(rows[0]![8]).toBe('{"note":"=1+1"}');
    for (const row of rows) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('leaves plain cells as they are and quotes only what needs it', () => {
    expect(csvCell('cluster.updated')).toBe('cluster.updated');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-42)).toBe('-42');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvLine(['a', 'b\r\nc'])).toBe('a,"b\r\nc"\r\n');
  });
});
