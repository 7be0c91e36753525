import { randomBytes } from 'node:crypto';

import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as outboxRoute from '@/app/api/outbox/route';
import { POST as flowthrough } from '@/app/api/provisioning/[provisioningId]/route';
import { hashPassword } from '@/lib/auth/password';
import type { OutboxStatus } from '@/lib/generated/prisma/enums';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { drainJobs } from '@/lib/jobs/worker';
import { provisioningHandlers } from '@/lib/provisioning/jobs';

import {
  apiRequest,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type ApiAnswer,
  type ApiError,
  type RouteHandler,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { seedPartner, seedPartnerData, uniqueSuffix } from '../support/seed';

interface OutboxItem {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  statusReason: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface OutboxPageJson {
  items: OutboxItem[];
  page: number;
  pageSize: number;
  total: number;
}

const itemFields = [
  'createdAt',
  'id',
  'kind',
  'recipient',
  'sentAt',
  'status',
  'statusReason',
  'subject',
];

const provisioningPassword = 'outbox flowthrough password 1';

// The secret part of every message body a test writes; no answer may ever carry one.
const bodySecrets: string[] = [];

function secretBody(): string {
  const token = randomBytes(24).toString('base64url');
  bodySecrets.push(token);
  return `Confirm your address: https://hub.partner.example/activate/${token}\n`;
}

describe('outbox API route', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: (() => void)[];
  let partnerId: string;
  let admin: SignedIn;
  let reader: SignedIn;
  let other: Awaited<ReturnType<typeof seedPartnerData>>;
  let otherAdmin: SignedIn;
  const start = Date.UTC(2026, 0, 5, 9, 0, 0);

  beforeAll(async () => {
    restoreEnv = [useTestSecrets(), setEnv({ SMTP_URL: undefined })];
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    other = await seedPartnerData(prisma);
    otherAdmin = await signInAs(prisma, { partnerId: other.partner.id });

    // 55 messages a minute apart: every fifth is held, the eleventh of each block is sent.
    const statuses = (index: number): OutboxStatus =>
      index % 5 === 0 ? 'held' : index % 11 === 0 ? 'sent' : 'pending';
    await prisma.outboxMessage.createMany({
      data: Array.from({ length: 55 }, (_, index) => ({
        partnerId,
        kind: 'activation',
        recipient: `user-${index}@customer.example`,
        subject: 'Confirm your email address',
        body: secretBody(),
        status: statuses(index),
        statusReason: statuses(index) === 'held' ? 'No mail transport is configured.' : null,
        sentAt: statuses(index) === 'sent' ? new Date(start + index * 60_000 + 5_000) : null,
        createdAt: new Date(start + index * 60_000),
      })),
    });
    await prisma.outboxMessage.create({
      data: {
        partnerId: other.partner.id,
        kind: 'activation',
        recipient: `other-${uniqueSuffix()}@elsewhere.example`,
        subject: 'Confirm your email address',
        body: secretBody(),
        status: 'held',
        // Newer than every message of the first partner, so a missing scope shows on page 1.
        createdAt: new Date(start + 3_600_000 * 24),
      },
    });
  });
  afterAll(async () => {
    for (const restore of restoreEnv?.reverse() ?? []) restore();
    await database?.close();
  });

  async function call<Body = ApiError>(
    handler: RouteHandler,
    options: { query?: string; cookie?: string; method?: string } = {},
  ): Promise<ApiAnswer<Body>> {
    const path = `/api/outbox${options.query ? `?${options.query}` : ''}`;
    const request = apiRequest(path, { cookie: options.cookie, method: options.method });
    const answer = await readAnswer<Body>(await handler(request, routeContext({})));

    for (const secret of bodySecrets) expect(answer.text).not.toContain(secret);
    expect(answer.text).not.toContain('/activate/');
    return answer;
  }

  const list = (query = '', who: SignedIn = admin) =>
    call<OutboxPageJson>(outboxRoute.GET, { query, cookie: who.cookie });

  it('refuses an anonymous caller with 401', async () => {
    const answer = await call(outboxRoute.GET);

    expect(answer.status).toBe(401);
    expect(answer.error.trackingId).toBe(answer.trackingId);
  });

  it('answers the first page, newest first, without any message body', async () => {
    const answer = await list();

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ page: 1, pageSize: 50, total: 55 });
    expect(answer.body.items).toHaveLength(50);
    expect(answer.body.items[0]!.recipient).toBe('user-54@customer.example');
    expect(answer.body.items[49]!.recipient).toBe('user-5@customer.example');
    const times = answer.body.items.map((item) => Date.parse(item.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const item of answer.body.items) expect(Object.keys(item).sort()).toEqual(itemFields);
    expect(answer.text).not.toContain('"body"');
  });

  it('lets support staff read the outbox', async () => {
    const answer = await list('', reader);

    expect(answer.status).toBe(200);
    expect(answer.body.total).toBe(55);
  });

  it('pages through the rest and answers an empty page past the end', async () => {
    const second = await list('page=2');
    const past = await list('page=3');

    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ page: 2, pageSize: 50, total: 55 });
    expect(second.body.items.map((item) => item.recipient)).toEqual([
      'user-4@customer.example',
      'user-3@customer.example',
      'user-2@customer.example',
      'user-1@customer.example',
      'user-0@customer.example',
    ]);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ page: 3, total: 55, items: [] });
  });

  it('filters by status, counting only the messages with that status', async () => {
    const held = await list('status=held');
    const sent = await list('status=sent');
    const failed = await list('status=failed');

    expect(held.body.total).toBe(11);
    expect(held.body.items).toHaveLength(11);
    expect(held.body.items.every((item) => item.status === 'held')).toBe(true);
    expect(held.body.items[0]).toMatchObject({
      recipient: 'user-50@customer.example',
      statusReason: 'No mail transport is configured.',
      sentAt: null,
    });
    expect(sent.body.items.map((item) => item.recipient)).toEqual([
      'user-44@customer.example',
      'user-33@customer.example',
      'user-22@customer.example',
      'user-11@customer.example',
    ]);
    expect(sent.body.items[0]!.sentAt).toBe(new Date(start + 44 * 60_000 + 5_000).toISOString());
    expect(failed.body).toMatchObject({ total: 0, items: [] });
  });

  it('reads an empty status and page as no filter and the first page', async () => {
    const answer = await list('status=&page=');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ page: 1, total: 55 });
  });

  it.each([
    ['status=lost', 'status'],
    ['page=0', 'page'],
    ['page=two', 'page'],
    ['page=1.5', 'page'],
  ])('refuses %s with 400 naming the parameter', async (query, field) => {
    const answer = await list(query);

    expect(answer.status).toBe(400);
    expect(answer.error.errors.some((error) => error.field === field)).toBe(true);
  });

  it('never shows another partner its messages, and takes no partner from the query', async () => {
    const mine = await list('status=held');
    const theirs = await list('', otherAdmin);
    const named = await list(`partnerId=${other.partner.id}`);

    const theirIds = new Set(
      (await prisma.outboxMessage.findMany({ where: { partnerId: other.partner.id } })).map(
        (message) => message.id,
      ),
    );
    expect(mine.body.items.some((item) => theirIds.has(item.id))).toBe(false);
    expect(theirs.status).toBe(200);
    expect(theirs.body.total).toBe(theirIds.size);
    expect(theirs.body.items.every((item) => theirIds.has(item.id))).toBe(true);
    expect(named.status).toBe(400);
  });

  it('answers other methods with 405 and Allow', async () => {
    const answer = await call(outboxRoute.POST, { method: 'POST', cookie: admin.cookie });

    expect(answer.status).toBe(405);
    expect(answer.error.message).toContain('POST');
  });

  it('lists the held activation message of an untrusted-email subscriber', async () => {
    const cluster = await prisma.cluster.create({
      data: {
        partnerId,
        name: `Cluster ${uniqueSuffix()}`,
        release: 'R25',
        xsiActionsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-actions',
        xsiEventsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-events',
        authServiceUrl: 'https://xsp.partner.example/authservice',
      },
    });
    const template = await prisma.customerTemplate.create({
      data: {
        partnerId,
        clusterId: cluster.id,
        name: `Template ${uniqueSuffix()}`,
        countryCode: 'NL',
        emailLanguage: 'nl',
        provisioningId: `prov${uniqueSuffix()}`,
        provisioningAccount: 'broadworks',
        provisioningPasswordHash: await hashPassword(provisioningPassword),
        emailTrust: 'untrusted',
      },
    });
    const email = `femke-${uniqueSuffix()}@bakker.example`;
    const credential = Buffer.from(`broadworks:${provisioningPassword}`).toString('base64');
    const accepted = await flowthrough(
      new NextRequest(`http://localhost:3000/api/provisioning/${template.provisioningId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${credential}` },
        body: JSON.stringify({
          operation: 'add',
          user: {
            userId: email,
            serviceProviderId: 'sp',
            enterpriseId: `bakker-${uniqueSuffix()}`,
            firstName: 'Femke',
            lastName: 'Bakker',
            email,
          },
        }),
      }),
      { params: Promise.resolve({ provisioningId: template.provisioningId }) },
    );
    expect(accepted.status).toBe(202);

    await drainJobs({ prisma, handlers: provisioningHandlers });

    const stored = await prisma.outboxMessage.findFirstOrThrow({ where: { recipient: email } });
    bodySecrets.push(/\/activate\/([A-Za-z0-9_-]+)/.exec(stored.body)![1]!);
    const answer = await list('status=held');
    expect(answer.body.total).toBe(12);
    expect(answer.body.items[0]).toEqual({
      id: stored.id,
      kind: 'activation',
      recipient: email,
      subject: stored.subject,
      status: 'held',
      statusReason: expect.stringContaining('No mail transport is configured'),
      createdAt: stored.createdAt.toISOString(),
      sentAt: null,
    });
  });
});
