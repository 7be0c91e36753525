import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPassword } from '@/lib/auth/password';
import type { Database } from '@/lib/db/database';
import { drainJobs } from '@/lib/jobs/worker';
import { provisioningBatchHandlers, provisioningHandlers } from '@/lib/provisioning/jobs';
import { POST } from '@/app/api/provisioning/[provisioningId]/route';

import { installTestDatabase } from '../support/database';
import {
  flowthroughPassword,
  seedFlowthroughTemplate,
  uniqueSuffix,
  xmlAddOfBram,
} from '../support/seed';

const password = flowthroughPassword;

interface TemplateOptions {
  emailTrust?: 'trusted' | 'untrusted';
  flowthroughEnabled?: boolean;
  orgMode?: 'enterprise' | 'group';
}

describe('flowthrough endpoint', () => {
  let database: Database;

  beforeAll(async () => {
    database = await installTestDatabase();
  });
  afterAll(async () => database.close());

  const seedTemplate = (options: TemplateOptions = {}) =>
    seedFlowthroughTemplate(database.prisma, options);

  function call(
    provisioningId: string,
    body: string,
    options: { type?: string; credential?: string } = {},
  ) {
    const credential = options.credential ?? `broadworks:${password}`;
    const request = new NextRequest(`http://localhost:3000/api/provisioning/${provisioningId}`, {
      method: 'POST',
      headers: {
        'content-type': options.type ?? 'application/json',
        authorization: `Basic ${Buffer.from(credential).toString('base64')}`,
      },
      body,
    });
    return POST(request, { params: Promise.resolve({ provisioningId }) });
  }

  function addBody(userId: string, enterpriseId = 'acme', extra: Record<string, unknown> = {}) {
    return JSON.stringify({
      operation: 'add',
      user: {
        userId,
        serviceProviderId: 'sp-1',
        enterpriseId,
        enterpriseName: 'Acme B.V.',
        firstName: 'Anna',
        lastName: 'Jansen',
        email: `${userId.split('@')[0]}@acme.example`,
        primaryPhoneNumber: '+31201234567',
        extension: '4567',
        language: 'nl_NL',
        timeZone: 'Europe/Amsterdam',
        ...extra,
      },
    });
  }

  /** A modify of the user that `addBody` adds, with the given changes to its fields. */
  function modifyBody(
    userId: string,
    change: { sequence?: number; enterpriseId?: string; user?: Record<string, unknown> } = {},
  ) {
    const { user } = JSON.parse(addBody(userId, change.enterpriseId, change.user));
    return JSON.stringify({ operation: 'modify', sequence: change.sequence, user });
  }

  const subscriberOf = (template: { id: string }) =>
    database.prisma.subscriber.findFirstOrThrow({ where: { templateId: template.id } });

  const work = () =>
    drainJobs({
      prisma: database.prisma,
      handlers: provisioningHandlers,
      batchHandlers: provisioningBatchHandlers,
    });

  it('accepts an add, then creates the organisation and provisions the subscriber', async () => {
    const template = await seedTemplate();

    const response = await call(template.provisioningId, addBody('anna@acme.example'));
    const body = await response.json();

    expect(response.status).toBe(202);
    expect(body.status).toBe('accepted');
    const waiting = await database.prisma.subscriber.findUniqueOrThrow({
      where: { id: body.subscriberId },
    });
    expect(waiting.status).toBe('provisioning');

    await work();

    const org = await database.prisma.customerOrg.findFirstOrThrow({
      where: { templateId: template.id },
    });
    const subscriber = await database.prisma.subscriber.findUniqueOrThrow({
      where: { id: body.subscriberId },
    });
    expect(org).toMatchObject({ status: 'active', name: 'Acme B.V.', spEnterpriseId: 'acme' });
    expect(subscriber).toMatchObject({
      status: 'provisioned',
      customerOrgId: org.id,
      package: 'standard',
    });
  });

  it('names an organisation after a longest enterprise ID when the name is missing', async () => {
    const template = await seedTemplate();
    const longestId = 'e'.repeat(161);
    const bodies = [
      addBody('first@acme.example', longestId, { enterpriseName: undefined }),
      addBody('second@acme.example', 'acme'),
    ];

    const responses = await Promise.all(bodies.map((body) => call(template.provisioningId, body)));

    expect(responses.map((response) => response.status)).toEqual([202, 202]);
    const org = await database.prisma.customerOrg.findFirstOrThrow({
      where: { templateId: template.id, spEnterpriseId: longestId },
    });
    expect(org.name).toBe('e'.repeat(160));
  });

  it('reads the same request as XML', async () => {
    const template = await seedTemplate();

    const response = await call(template.provisioningId, xmlAddOfBram, { type: 'application/xml' });
    await work();

    expect(response.status).toBe(202);
    const subscriber = await subscriberOf(template);
    expect(subscriber).toMatchObject({ userId: 'bram@acme.example', changeSequence: BigInt(17) });
    expect(subscriber.status).toBe('provisioned');
  });

  it('reads every field of an XML add, with its escapes and namespace', async () => {
    const template = await seedTemplate();
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <flowthroughRequest xmlns="urn:partner-hub:flowthrough" operation="add" sequence="18">
        <user>
          <userId>chris&#64;smith.example</userId>
          <serviceProviderId>sp-1</serviceProviderId>
          <enterpriseId>smith</enterpriseId>
          <enterpriseName>Smith &amp; Zonen &lt;Noord&gt;</enterpriseName>
          <groupId>smith-north</groupId>
          <firstName>Chri&#x0161;</firstName>
          <lastName>O&apos;Brien &quot;CJ&quot;</lastName>
          <email>chris@smith.example</email>
          <primaryPhoneNumber>+31201234568</primaryPhoneNumber>
          <mobilePhoneNumber/>
          <extension>4568</extension>
          <language>nl_NL</language>
          <timeZone>Europe/Amsterdam</timeZone>
        </user>
      </flowthroughRequest>`;

    const response = await call(template.provisioningId, xml, { type: 'text/xml' });

    expect(response.status).toBe(202);
    const subscriber = await database.prisma.subscriber.findFirstOrThrow({
      where: { templateId: template.id },
      include: { customerOrg: true },
    });
    expect(subscriber).toMatchObject({
      userId: 'chris@smith.example',
      firstName: 'Chriš',
      lastName: 'O\'Brien "CJ"',
      email: 'chris@smith.example',
      primaryPhoneNumber: '+31201234568',
      mobilePhoneNumber: null,
      extension: '4568',
      language: 'nl_NL',
      timezone: 'Europe/Amsterdam',
      changeSequence: BigInt(18),
    });
    expect(subscriber.customerOrg?.name).toBe('Smith & Zonen <Noord>');
  });

  it('refuses XML that names an entity XML does not define, and records nothing', async () => {
    const template = await seedTemplate();
    const xml = `<flowthroughRequest operation="add"><user><userId>dirk@acme.example</userId>
      <serviceProviderId>sp-1</serviceProviderId><enterpriseId>acme</enterpriseId>
      <firstName>Dirk &nbsp;</firstName><lastName>Smit</lastName></user></flowthroughRequest>`;

    const response = await call(template.provisioningId, xml, { type: 'application/xml' });

    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].description).toContain('&nbsp;');
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(0);
  });

  it('deletes a user when the adapter sends its whole record with the delete', async () => {
    const template = await seedTemplate();
    await call(template.provisioningId, addBody('eva@acme.example'));
    const whole = JSON.parse(addBody('eva@acme.example')) as { user: unknown };

    const response = await call(
      template.provisioningId,
      JSON.stringify({ operation: 'delete', user: whole.user }),
    );

    expect(response.status).toBe(204);
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(0);
  });

  it('refuses a sequence that is not a whole number, naming it', async () => {
    const template = await seedTemplate();
    const body = JSON.parse(addBody('finn@acme.example')) as Record<string, unknown>;

    const responses = await Promise.all(
      [true, 1.5, '12a', -1].map((sequence) =>
        call(template.provisioningId, JSON.stringify({ ...body, sequence })),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([400, 400, 400, 400]);
    for (const response of responses) {
      expect((await response.json()).errors[0].description).toMatch(/^sequence/);
    }
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(0);
  });

  it('creates one organisation per group of an enterprise in group mode', async () => {
    const template = await seedTemplate({ orgMode: 'group' });
    const users = [
      ['ada@north.example', 'acme', 'north'],
      ['ben@north.example', 'acme', 'north'],
      ['cas@south.example', 'acme', 'south'],
      ['dex@other.example', 'other', 'north'],
    ] as const;

    const responses = await Promise.all(
      users.map(([userId, enterpriseId, groupId]) =>
        call(template.provisioningId, addBody(userId, enterpriseId, { groupId })),
      ),
    );
    const missingGroup = await call(template.provisioningId, addBody('eli@acme.example', 'acme'));

    expect(responses.map((response) => response.status)).toEqual([202, 202, 202, 202]);
    expect(missingGroup.status).toBe(400);
    expect((await missingGroup.json()).errors[0].description).toMatch(/^user\.groupId/);
    const orgs = await database.prisma.customerOrg.findMany({
      where: { templateId: template.id },
      include: { _count: { select: { subscribers: true } } },
      orderBy: { spEnterpriseId: 'asc' },
    });
    expect(orgs.map((org) => [org.spEnterpriseId, org._count.subscribers])).toEqual([
      ['acme/north', 2],
      ['acme/south', 1],
      ['other/north', 1],
    ]);
  });

  it('turns 200 identical concurrent adds into one subscriber and one job', async () => {
    const template = await seedTemplate();

    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        call(template.provisioningId, addBody('same@acme.example')),
      ),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));

    expect(responses.map((response) => response.status)).toEqual(Array(200).fill(202));
    expect(new Set(bodies.map((body) => body.subscriberId)).size).toBe(1);
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(1);
    const jobs = await database.prisma.job.count({
      where: { dedupeKey: { startsWith: `subscriber:${bodies[0].subscriberId}` } },
    });
    expect(jobs).toBe(1);
  });

  it('records overlapping bursts of many enterprises while the worker runs, without errors', async () => {
    const template = await seedTemplate();
    const users = Array.from({ length: 120 }, (_, index) => ({
      userId: `burst${index}@ent${index % 12}.example`,
      enterprise: `ent${index % 12}`,
    }));
    const burst = (order: typeof users) =>
      order.map((user) =>
        call(
          template.provisioningId,
          addBody(user.userId, user.enterprise, { email: user.userId }),
        ),
      );

    // The same users in opposite orders, with organisation jobs running in between.
    const working = work();
    const responses = await Promise.all([...burst(users), ...burst([...users].reverse())]);
    await working;
    await work();

    expect(responses.map((response) => response.status)).toEqual(Array(240).fill(202));
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(
      120,
    );
    const statuses = await database.prisma.subscriber.groupBy({
      by: ['status'],
      where: { templateId: template.id },
      _count: true,
    });
    expect(statuses).toEqual([{ status: 'provisioned', _count: 120 }]);
  });

  it('creates one organisation when 50 first users of an enterprise arrive at once', async () => {
    const template = await seedTemplate();

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        call(template.provisioningId, addBody(`user${index}@globex.example`, 'globex')),
      ),
    );
    await work();

    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(202));
    const orgs = await database.prisma.customerOrg.findMany({ where: { templateId: template.id } });
    expect(orgs).toHaveLength(1);
    const statuses = await database.prisma.subscriber.groupBy({
      by: ['status'],
      where: { templateId: template.id },
      _count: true,
    });
    expect(statuses).toEqual([{ status: 'provisioned', _count: 50 }]);
  });

  it('holds subscribers of untrusted-email templates for email validation', async () => {
    const template = await seedTemplate({ emailTrust: 'untrusted' });

    await call(template.provisioningId, addBody('carla@acme.example'));
    await work();

    const subscriber = await subscriberOf(template);
    expect(subscriber.status).toBe('pending_email_validation');
  });

  it('refuses wrong credentials and other templates, creating nothing', async () => {
    const template = await seedTemplate();
    const other = await seedTemplate();

    const wrongPassword = await call(template.provisioningId, addBody('x@acme.example'), {
      credential: 'broadworks:not the password',
    });
    const unknownId = await call('does-not-exist', addBody('x@acme.example'));
    const wrongAccount = await call(template.provisioningId, addBody('x@acme.example'), {
      credential: `someone:${password}`,
    });

    for (const response of [wrongPassword, unknownId, wrongAccount]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect((await response.json()).trackingId).toBeTruthy();
    }
    expect(
      await database.prisma.subscriber.count({
        where: { templateId: { in: [template.id, other.id] } },
      }),
    ).toBe(0);
  });

  it('answers a flood of wrong passwords with 401 or 429, and still takes the right one', async () => {
    const template = await seedTemplate();
    const wrong = (index: number) =>
      call(template.provisioningId, addBody(`w${index}@acme.example`), {
        credential: `broadworks:wrong password ${index}`,
      });

    const flood = await Promise.all(Array.from({ length: 100 }, (_, index) => wrong(index)));
    const repeated = await Promise.all(Array.from({ length: 50 }, () => wrong(0)));
    const right = await call(template.provisioningId, addBody('right@acme.example'));

    const statuses = flood.map((response) => response.status);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    for (const response of flood.filter((answer) => answer.status === 429)) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(new Set(repeated.map((response) => response.status))).toEqual(new Set([401]));
    expect(right.status).toBe(202);
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(1);
  });

  it('stops the old password on the very next call after a change', async () => {
    const template = await seedTemplate();
    expect((await call(template.provisioningId, addBody('dirk@acme.example'))).status).toBe(202);

    await database.prisma.customerTemplate.update({
      where: { id: template.id },
      data: {
        provisioningPasswordHash: await hashPassword('the new password 2'),
        credentialVersion: { increment: 1 },
      },
    });

    expect((await call(template.provisioningId, addBody('dirk@acme.example'))).status).toBe(401);
    const withNew = await call(template.provisioningId, addBody('dirk@acme.example'), {
      credential: 'broadworks:the new password 2',
    });
    expect(withNew.status).toBe(202);
  });

  it('answers 403 with a code when flowthrough is disabled', async () => {
    const template = await seedTemplate({ flowthroughEnabled: false });

    const response = await call(template.provisioningId, addBody('eva@acme.example'));

    expect(response.status).toBe(403);
    expect((await response.json()).errorCode).toBe('flowthrough_disabled');
  });

  it('rejects bad bodies with a clear error and changes nothing', async () => {
    const template = await seedTemplate();
    const xxe = `<?xml version="1.0"?>
      <!DOCTYPE flowthroughRequest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
      <flowthroughRequest operation="add"><user><userId>&secret;</userId></user></flowthroughRequest>`;

    const cases = [
      [await call(template.provisioningId, xxe, { type: 'application/xml' }), 400],
      [
        await call(template.provisioningId, '<flowthroughRequest operation="add">', {
          type: 'text/xml',
        }),
        400,
      ],
      [await call(template.provisioningId, '{"operation":', {}), 400],
      [await call(template.provisioningId, addBody('f@acme.example'), { type: 'text/plain' }), 415],
      [
        await call(
          template.provisioningId,
          addBody('f@acme.example', 'acme', { pad: 'x'.repeat(70_000) }),
        ),
        413,
      ],
    ] as const;
    const missingName = await call(
      template.provisioningId,
      addBody('f@acme.example', 'acme', { firstName: undefined }),
    );

    for (const [response, status] of cases) {
      expect(response.status).toBe(status);
      expect(await response.text()).not.toContain('root:');
    }
    expect(missingName.status).toBe(400);
    expect(JSON.stringify(await missingName.json())).toContain('user.firstName');
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(0);
  });

  it('ignores an older modify replayed after a newer one', async () => {
    const template = await seedTemplate();
    await call(template.provisioningId, addBody('gert@acme.example'));
    const modify = (sequence: number, lastName: string) =>
      modifyBody('gert@acme.example', { sequence, user: { lastName } });

    expect((await call(template.provisioningId, modify(20, 'Newer'))).status).toBe(202);
    const replayed = await call(template.provisioningId, modify(10, 'Older'));
    await work();

    expect((await replayed.json()).status).toBe('ignored');
    const subscriber = await subscriberOf(template);
    expect(subscriber).toMatchObject({ lastName: 'Newer', status: 'provisioned' });
  });

  it('keeps the newest of many modifies of one user sent at the same moment', async () => {
    const template = await seedTemplate();
    await call(template.provisioningId, addBody('gijs@acme.example'));
    const sequences = Array.from({ length: 24 }, (_, index) => 100 + index).reverse();

    const responses = await Promise.all(
      sequences.map((sequence) =>
        call(
          template.provisioningId,
          modifyBody('gijs@acme.example', { sequence, user: { lastName: `V${sequence}` } }),
        ),
      ),
    );

    expect(responses.every((response) => response.status === 202)).toBe(true);
    const subscriber = await subscriberOf(template);
    expect(subscriber).toMatchObject({ lastName: 'V123', changeSequence: BigInt(123) });
  });

  it('refuses a modify that moves a user to another enterprise, changing nothing', async () => {
    const template = await seedTemplate();
    await call(template.provisioningId, addBody('gwen@acme.example'));

    const response = await call(
      template.provisioningId,
      modifyBody('gwen@acme.example', { enterpriseId: 'elsewhere', user: { lastName: 'Moved' } }),
    );

    expect(response.status).toBe(409);
    expect((await response.json()).errorCode).toBe('user_id_taken');
    const subscriber = await subscriberOf(template);
    expect(subscriber).toMatchObject({ spEnterpriseId: 'acme', lastName: 'Jansen' });
  });

  it('ignores an older add or modify replayed after a newer delete; takes a newer add', async () => {
    const template = await seedTemplate();
    const add = (sequence: number) =>
      call(
        template.provisioningId,
        JSON.stringify({ ...JSON.parse(addBody('hugo@acme.example')), sequence }),
      );
    const remove = (sequence: number) =>
      call(
        template.provisioningId,
        JSON.stringify({ operation: 'delete', sequence, user: { userId: 'hugo@acme.example' } }),
      );
    const modify = (sequence: number) =>
      call(template.provisioningId, modifyBody('hugo@acme.example', { sequence }));
    const count = () => database.prisma.subscriber.count({ where: { templateId: template.id } });

    expect((await add(10)).status).toBe(202);
    expect((await remove(20)).status).toBe(204);
    const replayed = await add(10);
    const replayedModify = await modify(15);
    const earlyDelete = await remove(5);

    expect(replayed.status).toBe(202);
    expect(await replayed.json()).toMatchObject({ status: 'ignored' });
    expect(replayedModify.status).toBe(202);
    expect(await replayedModify.json()).toMatchObject({ status: 'ignored' });
    expect(earlyDelete.status).toBe(204);
    expect(await count()).toBe(0);
    expect((await modify(25)).status).toBe(404);

    const readded = await add(30);
    expect(await readded.json()).toMatchObject({ status: 'accepted' });
    const row = await subscriberOf(template);
    expect(row.changeSequence).toBe(BigInt(30));
  });

  it('takes an add without a sequence after a delete without one', async () => {
    const template = await seedTemplate();
    const body = addBody('ilse@acme.example');
    const remove = JSON.stringify({ operation: 'delete', user: { userId: 'ilse@acme.example' } });

    await call(template.provisioningId, body);
    await call(template.provisioningId, remove);
    const again = await call(template.provisioningId, body);

    expect(await again.json()).toMatchObject({ status: 'accepted' });
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(1);
  });

  it('answers a repeated delete the same way', async () => {
    const template = await seedTemplate();
    await call(template.provisioningId, addBody('hans@acme.example'));
    const remove = JSON.stringify({ operation: 'delete', user: { userId: 'hans@acme.example' } });

    const first = await call(template.provisioningId, remove);
    const second = await call(template.provisioningId, remove);

    expect([first.status, second.status]).toEqual([204, 204]);
    expect(await database.prisma.subscriber.count({ where: { templateId: template.id } })).toBe(0);
  });

  it('refuses a user ID that another template of the partner already has', async () => {
    const template = await seedTemplate();
    const sibling = await database.prisma.customerTemplate.create({
      data: {
        partnerId: template.partnerId,
        clusterId: template.clusterId,
        name: `Sibling ${uniqueSuffix()}`,
        countryCode: 'NL',
        emailLanguage: 'nl',
        provisioningId: `prov${uniqueSuffix()}`,
        provisioningAccount: 'broadworks',
        provisioningPasswordHash: await hashPassword(password),
      },
    });
    await call(template.provisioningId, addBody('ivo@acme.example'));

    const response = await call(sibling.provisioningId, addBody('ivo@acme.example'));

    expect(response.status).toBe(409);
    expect((await response.json()).errorCode).toBe('user_id_taken');
  });
});
