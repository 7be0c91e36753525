import type { AddressInfo } from 'node:net';

import { NextRequest } from 'next/server';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Database } from '@/lib/db/database';
import { claimJobs, enqueueJob, failJob } from '@/lib/jobs/queue';
import { drainJobs } from '@/lib/jobs/worker';
import { outboxHandlers, sendHeldOutboxJobKind } from '@/lib/outbox/deliver';
import { provisionJobKind } from '@/lib/provisioning/job-kinds';
import { provisioningBatchHandlers, provisioningHandlers } from '@/lib/provisioning/jobs';
import { POST as flowthrough } from '@/app/api/provisioning/[provisioningId]/route';
import { POST as activate } from '@/app/api/activation/route';

import { installTestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { flowthroughPassword, seedFlowthroughTemplate } from '../support/seed';

const password = flowthroughPassword;

describe('subscriber rules in the background', () => {
  let database: Database;

  beforeAll(async () => {
    database = await installTestDatabase();
  });
  afterAll(async () => database.close());

  const seedTemplate = (options: Parameters<typeof seedFlowthroughTemplate>[1]) =>
    seedFlowthroughTemplate(database.prisma, options);

  function send(provisioningId: string, body: unknown) {
    const request = new NextRequest(`http://localhost:3000/api/provisioning/${provisioningId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`broadworks:${password}`).toString('base64')}`,
      },
      body: JSON.stringify(body),
    });
    return flowthrough(request, { params: Promise.resolve({ provisioningId }) });
  }

  const user = (userId: string, enterpriseId: string, email: string | undefined) => ({
    userId,
    serviceProviderId: 'sp',
    enterpriseId,
    firstName: 'Femke',
    lastName: 'Bakker',
    email,
  });

  async function add(
    provisioningId: string,
    userId: string,
    enterpriseId = 'acme',
    email: string | undefined = userId,
  ) {
    const response = await send(provisioningId, {
      operation: 'add',
      user: user(userId, enterpriseId, email),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { subscriberId: string }).subscriberId;
  }

  async function modify(
    provisioningId: string,
    userId: string,
    enterpriseId: string,
    email: string | undefined,
  ) {
    const response = await send(provisioningId, {
      operation: 'modify',
      user: user(userId, enterpriseId, email),
    });
    expect(response.status).toBe(202);
  }

  const activationToken = (body: string) => /\/activate\/([A-Za-z0-9_-]+)/.exec(body)![1]!;

  function confirm(token: string) {
    return activate(
      new NextRequest('http://localhost:3000/api/activation', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      }),
    );
  }

  const work = () =>
    drainJobs({
      prisma: database.prisma,
      handlers: provisioningHandlers,
      batchHandlers: provisioningBatchHandlers,
    });
  const statusOf = async (id: string) =>
    (await database.prisma.subscriber.findUniqueOrThrow({ where: { id } })).status;

  it('asks an untrusted address to confirm, holds the mail without a transport, and activates', async () => {
    const template = await seedTemplate({ emailTrust: 'untrusted' });
    const subscriberId = await add(template.provisioningId, 'femke@bakker.example');

    await work();

    const message = await database.prisma.outboxMessage.findFirstOrThrow({
      where: { subscriberId },
    });
    expect(await statusOf(subscriberId)).toBe('pending_email_validation');
    expect(message).toMatchObject({
      kind: 'activation',
      recipient: 'femke@bakker.example',
      status: 'held',
    });
    const token = /\/activate\/([A-Za-z0-9_-]+)/.exec(message.body)![1]!;

    expect((await confirm('not-a-real-token-at-all-000')).status).toBe(404);
    expect((await confirm(token)).status).toBe(200);
    expect(
      await database.prisma.subscriber.findUniqueOrThrow({ where: { id: subscriberId } }),
    ).toMatchObject({ status: 'provisioned', selfActivated: true });
    expect((await confirm(token)).status).toBe(404);
  });

  /** A local SMTP server that keeps what it receives, configured as SMTP_URL until closed. */
  async function startMailServer() {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
        stream.on('end', () => {
          received.push(`${session.envelope.rcptTo.map((to) => to.address).join(',')}\n${text}`);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    const restore = setEnv({ SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true` });
    const close = async () => {
      restore();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    return { received, close };
  }

  it('sends the activation mail through SMTP when a transport is configured', async () => {
    const mail = await startMailServer();

    try {
      const template = await seedTemplate({ emailTrust: 'untrusted' });
      const subscriberId = await add(template.provisioningId, 'joost@smit.example', 'smit');
      await work();

      const message = await database.prisma.outboxMessage.findFirstOrThrow({
        where: { subscriberId },
      });
      expect(message.status).toBe('sent');
      expect(mail.received).toHaveLength(1);
      expect(mail.received[0]).toContain('joost@smit.example');
      expect(mail.received[0]).toContain('/activate/');
    } finally {
      await mail.close();
    }
  });

  it('sends the mails held without a transport once one is configured', async () => {
    const template = await seedTemplate({ emailTrust: 'untrusted' });
    const subscriberId = await add(template.provisioningId, 'iris@held.example', 'held-mail');
    await work();
    const where = { subscriberId };
    expect((await database.prisma.outboxMessage.findFirstOrThrow({ where })).status).toBe('held');

    const mail = await startMailServer();
    try {
      await enqueueJob(database.prisma, { kind: sendHeldOutboxJobKind, payload: {} });
      await drainJobs({
        prisma: database.prisma,
        handlers: { ...provisioningHandlers, ...outboxHandlers },
      });

      expect((await database.prisma.outboxMessage.findFirstOrThrow({ where })).status).toBe('sent');
      expect(mail.received.filter((text) => text.startsWith('iris@held.example'))).toHaveLength(1);
    } finally {
      await mail.close();
    }
  });

  it('holds other users until the first user, the admin, is active', async () => {
    const template = await seedTemplate({ emailTrust: 'untrusted', provisionAdminFirst: true });
    const admin = await add(template.provisioningId, 'admin@linde.example', 'linde');
    const colleague = await add(template.provisioningId, 'arts@linde.example', 'linde');

    await work();

    expect(await statusOf(admin)).toBe('pending_email_validation');
    expect(await statusOf(colleague)).toBe('provisioning');

    const message = await database.prisma.outboxMessage.findFirstOrThrow({
      where: { subscriberId: admin },
    });
    await confirm(/\/activate\/([A-Za-z0-9_-]+)/.exec(message.body)![1]!);
    await work();

    expect(await statusOf(admin)).toBe('provisioned');
    expect(await statusOf(colleague)).toBe('pending_email_validation');
  });

  it('lets the next user be the admin when the first one fails', async () => {
    const template = await seedTemplate({ provisionAdminFirst: true });
    await add(template.provisioningId, 'owner@taken.example', 'owner');
    await work();
    const failing = await add(template.provisioningId, 'admin@taken.example', 'held');
    const next = await add(template.provisioningId, 'next@held.example', 'held');
    const last = await add(template.provisioningId, 'last@held.example', 'held');

    await work();

    expect(await statusOf(failing)).toBe('error');
    expect([await statusOf(next), await statusOf(last)]).toEqual(['provisioned', 'provisioned']);
  });

  it('lets the next user be the admin when the first one is deleted', async () => {
    const template = await seedTemplate({ emailTrust: 'untrusted', provisionAdminFirst: true });
    await add(template.provisioningId, 'gone@vos.example', 'vos');
    const next = await add(template.provisioningId, 'next@vos.example', 'vos');
    const last = await add(template.provisioningId, 'last@vos.example', 'vos');
    await work();
    expect([await statusOf(next), await statusOf(last)]).toEqual(['provisioning', 'provisioning']);

    const removed = await send(template.provisioningId, {
      operation: 'delete',
      user: { userId: 'gone@vos.example' },
    });
    expect(removed.status).toBe(204);
    await work();

    expect([await statusOf(next), await statusOf(last)]).toEqual([
      'pending_email_validation',
      'provisioning',
    ]);
  });

  it('puts a user in error when the email domain belongs to another customer', async () => {
    const template = await seedTemplate({});
    const first = await add(template.provisioningId, 'eva@jansen.example', 'jansen');
    const intruder = await add(template.provisioningId, 'piet@jansen.example', 'other-enterprise');
    const webmail = await add(template.provisioningId, 'someone@gmail.com', 'third-enterprise');
    const webmailToo = await add(template.provisioningId, 'another@gmail.com', 'fourth');

    await work();

    const failed = await database.prisma.subscriber.findUniqueOrThrow({ where: { id: intruder } });
    expect(await statusOf(first)).toBe('provisioned');
    expect(failed.status).toBe('error');
    expect(failed.errors).toEqual([
      {
        errorCode: 'email_domain_taken',
        description: 'The email domain jansen.example belongs to another customer.',
      },
    ]);
    expect([await statusOf(webmail), await statusOf(webmailToo)]).toEqual([
      'provisioned',
      'provisioned',
    ]);
  });

  it('asks for a changed untrusted address to be confirmed again; the old link stops working', async () => {
    const template = await seedTemplate({ emailTrust: 'untrusted' });
    const subscriberId = await add(template.provisioningId, 'noor@visser.example', 'visser');
    await work();
    const first = await database.prisma.outboxMessage.findFirstOrThrow({
      where: { subscriberId },
    });
    expect((await confirm(activationToken(first.body))).status).toBe(200);

    await modify(template.provisioningId, 'noor@visser.example', 'visser', 'noor@elders.example');
    await work();

    expect(await statusOf(subscriberId)).toBe('pending_email_validation');
    const second = await database.prisma.outboxMessage.findFirstOrThrow({
      where: { subscriberId, recipient: 'noor@elders.example' },
    });

    await modify(template.provisioningId, 'noor@visser.example', 'visser', 'noor@derde.example');
    expect((await confirm(activationToken(second.body))).status).toBe(404);
    await work();
    const third = await database.prisma.outboxMessage.findFirstOrThrow({
      where: { subscriberId, recipient: 'noor@derde.example' },
    });
    expect((await confirm(activationToken(third.body))).status).toBe(200);
    expect(await statusOf(subscriberId)).toBe('provisioned');
  });

  it('keeps a confirmed address confirmed when a modify changes only other fields', async () => {
    const template = await seedTemplate({ emailTrust: 'untrusted' });
    const subscriberId = await add(template.provisioningId, 'sem@mulder.example', 'mulder');
    await work();
    const message = await database.prisma.outboxMessage.findFirstOrThrow({
      where: { subscriberId },
    });
    await confirm(activationToken(message.body));

    await modify(template.provisioningId, 'sem@mulder.example', 'mulder', 'sem@mulder.example');
    await work();

    expect(await statusOf(subscriberId)).toBe('provisioned');
    expect(await database.prisma.outboxMessage.count({ where: { subscriberId } })).toBe(1);
  });

  it('provisions a user in error, or without an address, once a modify puts it right', async () => {
    const template = await seedTemplate({});
    await add(template.provisioningId, 'lotte@dekker.example', 'dekker');
    const intruder = await add(template.provisioningId, 'bas@dekker.example', 'other');
    const withoutEmail = await add(template.provisioningId, 'mila@meijer.example', 'meijer', '');
    await work();
    expect([await statusOf(intruder), await statusOf(withoutEmail)]).toEqual([
      'error',
      'pending_email_input',
    ]);

    await modify(template.provisioningId, 'bas@dekker.example', 'other', 'bas@other.example');
    await modify(template.provisioningId, 'mila@meijer.example', 'meijer', 'mila@meijer.example');
    await work();

    const repaired = await database.prisma.subscriber.findUniqueOrThrow({
      where: { id: intruder },
    });
    expect(repaired).toMatchObject({ status: 'provisioned', errors: [] });
    expect(await statusOf(withoutEmail)).toBe('provisioned');
  });

  it('leaves users in error with a code when the work for them gives up', async () => {
    const template = await seedTemplate({});
    const active = await add(template.provisioningId, 'ruud@active.example', 'active');
    await work();
    const late = await add(template.provisioningId, 'tess@active.example', 'active');
    const waiting = await add(template.provisioningId, 'ward@waiting.example', 'waiting');
    await database.prisma.job.updateMany({ where: { status: 'queued' }, data: { maxAttempts: 1 } });

    const claimed = await claimJobs(database.prisma, {
      workerId: 'gives-up',
      limit: 100,
      leaseMs: 30_000,
    });
    const givingUp = claimed.filter(
      (job) =>
        job.kind === provisionJobKind.customerOrg ||
        (job.payload as { subscriberId?: string }).subscriberId === late,
    );
    expect(givingUp).toHaveLength(2);
    for (const job of givingUp) {
      await failJob(database.prisma, job, {
        workerId: 'gives-up',
        error: new Error('connection refused'),
        onFailed: provisioningHandlers[job.kind]!.failed,
      });
    }

    const rowOf = (id: string) => database.prisma.subscriber.findUniqueOrThrow({ where: { id } });
    expect(await statusOf(active)).toBe('provisioned');
    expect(await rowOf(late)).toMatchObject({
      status: 'error',
      errors: [expect.objectContaining({ errorCode: 'provisioning_failed' })],
    });
    expect(await rowOf(waiting)).toMatchObject({
      status: 'error',
      errors: [expect.objectContaining({ errorCode: 'customer_org_failed' })],
    });
    const organisation = await database.prisma.customerOrg.findFirstOrThrow({
      where: { templateId: template.id, spEnterpriseId: 'waiting' },
    });
    expect(organisation.status).toBe('error');
  });
});
