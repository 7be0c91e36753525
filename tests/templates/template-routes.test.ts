import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as templateRoute from '@/app/api/templates/[id]/route';
import * as templatesRoute from '@/app/api/templates/route';
import { verifyPassword } from '@/lib/auth/password';
import type { PrismaClient } from '@/lib/generated/prisma/client';

import {
  apiRequest,
  namesField,
  readAnswer,
  routeContext,
  signInAs,
  useTestSecrets,
  type ApiAnswer,
  type ApiError,
  type ApiRequestOptions,
  type RouteHandler,
  type SignedIn,
} from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { seedPartner, seedPartnerData, uniqueSuffix } from '../support/seed';
import { seedCustomerOrgs, templateInput } from '../support/settings-input';

interface TemplateJson {
  id: string;
  name: string;
  version: number;
  clusterId: string;
  cluster: { id: string; name: string };
  provisioningId: string;
  provisioningUrl: string;
  customerOrgCount: number;
}

const baseUrl = 'https://hub.partner.example';

// Every provisioning password a test sends; no response may ever carry one of them.
const provisioningPasswords: string[] = [];
function newPassword(): string {
  const password = `provisioning-${uniqueSuffix()}`;
  provisioningPasswords.push(password);
  return password;
}

const withPassword = (password = newPassword()) => ({
  provisioningPassword: password,
  provisioningPasswordConfirm: password,
});

describe('customer template API routes', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: (() => void)[];
  let partnerId: string;
  let clusterId: string;
  let secondClusterId: string;
  let admin: SignedIn;
  let reader: SignedIn;
  let other: Awaited<ReturnType<typeof seedPartnerData>>;
  let otherAdmin: SignedIn;

  beforeAll(async () => {
    restoreEnv = [useTestSecrets(), setEnv({ APP_BASE_URL: baseUrl })];
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    other = await seedPartnerData(prisma);
    otherAdmin = await signInAs(prisma, { partnerId: other.partner.id });

    const clusterOf = (name: string) =>
      prisma.cluster.create({
        data: {
          partnerId,
          name,
          release: 'R25',
          xsiActionsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-actions',
          xsiEventsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-events',
          authServiceUrl: 'https://xsp.partner.example/authservice',
        },
      });
    clusterId = (await clusterOf('Amsterdam')).id;
    secondClusterId = (await clusterOf('Rotterdam')).id;
  });
  afterAll(async () => {
    for (const restore of restoreEnv?.reverse() ?? []) restore();
    await database?.close();
  });

  async function call<Body = ApiError>(
    handler: RouteHandler,
    options: ApiRequestOptions & { id?: string } = {},
  ): Promise<ApiAnswer<Body>> {
    const { id, ...request } = options;
    const path = id === undefined ? '/api/templates' : `/api/templates/${id}`;
    const answer = await readAnswer<Body>(
      await handler(apiRequest(path, request), routeContext({ id: id ?? '' })),
    );

    for (const password of provisioningPasswords) expect(answer.text).not.toContain(password);
    expect(answer.text).not.toContain('$argon2');
    if (answer.status < 400) expect(answer.text).not.toMatch(/PasswordHash|credentialVersion/);
    return answer;
  }

  const create = (body: unknown, who: SignedIn = admin) =>
    call<TemplateJson>(templatesRoute.POST, { method: 'POST', cookie: who.cookie, body });

  const update = (id: string, body: unknown, who: SignedIn = admin) =>
    call<TemplateJson>(templateRoute.PATCH, { method: 'PATCH', id, cookie: who.cookie, body });

  const remove = (id: string, who: SignedIn = admin) =>
    call<undefined>(templateRoute.DELETE, { method: 'DELETE', id, cookie: who.cookie });

  async function createTemplate(overrides: Record<string, unknown> = {}, who = admin) {
    const answer = await create(templateInput(clusterId, { ...withPassword(), ...overrides }), who);
    expect(answer.status).toBe(201);
    return answer.body;
  }

  /** The PATCH body that saves the template as it is now, with the given changes. */
  async function editOf(templateId: string, changes: Record<string, unknown> = {}) {
    const row = await prisma.customerTemplate.findUniqueOrThrow({ where: { id: templateId } });
    const fields = Object.keys(templateInput(row.clusterId)).map((field) => [
      field,
      row[field as keyof typeof row],
    ]);
    return { ...Object.fromEntries(fields), version: row.version, ...changes };
  }

  const templateRow = (id: string) => prisma.customerTemplate.findUnique({ where: { id } });
  const templateCount = () => prisma.customerTemplate.count();
  const changeAuditCount = () => prisma.auditEntry.count({ where: { action: { not: 'sign_in' } } });

  async function expectAudited(
    answer: ApiAnswer<unknown>,
    expected: { action: string; targetId: string; changesBefore: number },
  ) {
    expect(answer.trackingId).toMatch(/^PHUB_\d{8}_[0-9a-f]{24}$/);
    const entries = await prisma.auditEntry.findMany({ where: { trackingId: answer.trackingId! } });

    expect(entries).toEqual([
      expect.objectContaining({
        partnerId,
        actorUserId: admin.user.id,
        action: expected.action,
        targetType: 'customer_template',
        targetId: expected.targetId,
        outcome: 'success',
      }),
    ]);
    expect(await changeAuditCount()).toBe(expected.changesBefore + 1);

    const details = JSON.stringify(entries[0]!.details);
    for (const password of provisioningPasswords) expect(details).not.toContain(password);
    expect(details).not.toMatch(/\$argon2|PasswordHash/);
    return entries[0]!;
  }

  async function expectNotAudited(answer: ApiAnswer<unknown>, changesBefore: number) {
    expect(await prisma.auditEntry.count({ where: { trackingId: answer.trackingId! } })).toBe(0);
    expect(await changeAuditCount()).toBe(changesBefore);
  }

  describe('POST /api/templates', () => {
    it('creates a template with provisioning ID and URL, hashed password, one audit', async () => {
      const password = newPassword();
      const input = templateInput(clusterId, withPassword(password));
      const changesBefore = await changeAuditCount();

      const answer = await create(input);

      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        name: input.name,
        clusterId,
        cluster: { id: clusterId, name: 'Amsterdam' },
        customerOrgCount: 0,
        version: 1,
      });
      expect(answer.body.provisioningId).toMatch(/^[A-Za-z0-9_-]{16,40}$/);
      expect(answer.body.provisioningUrl).toBe(
        `${baseUrl}/api/provisioning/${answer.body.provisioningId}`,
      );
      expect(answer.text).not.toMatch(/provisioningPassword/);

      const row = (await templateRow(answer.body.id))!;
      expect(row).toMatchObject({
        partnerId,
        provisioningId: answer.body.provisioningId,
        credentialVersion: 1,
      });
      expect(row.provisioningPasswordHash).toMatch(/^\$argon2id\$/);
      expect(row.provisioningPasswordHash).not.toContain(password);
      expect(await verifyPassword(row.provisioningPasswordHash, password)).toBe(true);
      expect(await verifyPassword(row.provisioningPasswordHash, `${password}x`)).toBe(false);
      await expectAudited(answer, {
        action: 'template.created',
        targetId: answer.body.id,
        changesBefore,
      });
    });

    it('gives every template its own provisioning ID and URL', async () => {
      const templates = [await createTemplate(), await createTemplate(), await createTemplate()];

      expect(new Set(templates.map((template) => template.provisioningId)).size).toBe(3);
      expect(new Set(templates.map((template) => template.provisioningUrl)).size).toBe(3);
      for (const template of templates) {
        expect(template.provisioningUrl).toBe(
          `${baseUrl}/api/provisioning/${template.provisioningId}`,
        );
      }
    });

    it.each([
      ['another partner’s cluster', () => other.cluster.id],
      ['a cluster that does not exist', () => randomUUID()],
      ['a cluster id that is not a UUID', () => 'amsterdam'],
    ])('refuses %s with 400 on clusterId and creates nothing', async (_case, clusterOf) => {
      const [countBefore, changesBefore] = [await templateCount(), await changeAuditCount()];

      const answer = await create(templateInput(clusterOf(), withPassword()));

      expect(answer.status).toBe(400);
      expect(answer.error.errors).toEqual([
        expect.objectContaining({ field: 'clusterId', description: expect.any(String) }),
      ]);
      expect(await templateCount()).toBe(countBefore);
      await expectNotAudited(answer, changesBefore);
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      [
        'a confirmation that does not match',
        { provisioningPassword: 'twelve chars ok', provisioningPasswordConfirm: 'twelve chars ko' },
        'provisioningPasswordConfirm',
      ],
      ['a password that is too short', withPassword('eleven char'), 'provisioningPassword'],
      ['a password that is too long', withPassword('p'.repeat(129)), 'provisioningPassword'],
      [
        'no password',
        { provisioningPassword: undefined, provisioningPasswordConfirm: undefined },
        'provisioningPassword',
      ],
      [
        'blank password fields',
        { provisioningPassword: '', provisioningPasswordConfirm: '' },
        'provisioningPassword',
      ],
      ['a blank name', { name: ' ' }, 'name'],
      ['an unknown country', { countryCode: 'QQ' }, 'countryCode'],
      ['an account with spaces', { provisioningAccount: 'my account' }, 'provisioningAccount'],
      ['an invalid admin email', { spAdminEmail: 'not-an-email' }, 'spAdminEmail'],
      ['an unknown package', { defaultPackage: 'gold' }, 'defaultPackage'],
      ['a partner ID', { partnerId: randomUUID() }, 'partnerId'],
      ['a provisioning ID', { provisioningId: 'chosen-by-client' }, 'provisioningId'],
      ['a password hash', { provisioningPasswordHash: '$argon2id$x' }, 'provisioningPasswordHash'],
      ['a credential version', { credentialVersion: 7 }, 'credentialVersion'],
      ['a version', { version: 1 }, 'version'],
    ];

    it.each(invalid)('refuses %s with 400 naming the field', async (_case, overrides, field) => {
      const [countBefore, changesBefore] = [await templateCount(), await changeAuditCount()];
      const answer = await create(templateInput(clusterId, { ...withPassword(), ...overrides }));

      expect(answer.status).toBe(400);
      expect(namesField(answer.error, field)).toBe(true);
      expect(await templateCount()).toBe(countBefore);
      await expectNotAudited(answer, changesBefore);
    });

    it('explains password problems in the caller’s language', async () => {
      const answer = await call(templatesRoute.POST, {
        method: 'POST',
        cookie: admin.cookie,
        locale: 'nl',
        body: templateInput(clusterId, {
          provisioningPassword: 'short',
          provisioningPasswordConfirm: 'other',
        }),
      });

      expect(answer.status).toBe(400);
      expect(answer.error.errors).toEqual([
        {
          field: 'provisioningPassword',
          description: 'provisioningPassword: Moet minimaal 12 tekens bevatten.',
        },
        {
          field: 'provisioningPasswordConfirm',
          description: 'provisioningPasswordConfirm: De wachtwoorden komen niet overeen.',
        },
      ]);
    });

    it('answers 409 name_taken for a name the partner already uses', async () => {
      const existing = await createTemplate();
      const [countBefore, changesBefore] = [await templateCount(), await changeAuditCount()];

      const answer = await create(
        templateInput(clusterId, { ...withPassword(), name: existing.name }),
      );

      expect(answer.status).toBe(409);
      expect(answer.error.reason).toBe('name_taken');
      expect(namesField(answer.error, 'name')).toBe(true);
      expect(await templateCount()).toBe(countBefore);
      await expectNotAudited(answer, changesBefore);
    });

    it('accepts a name that only another partner uses', async () => {
      const existing = await createTemplate();

      const answer = await create(
        templateInput(other.cluster.id, { ...withPassword(), name: existing.name }),
        otherAdmin,
      );

      expect(answer.status).toBe(201);
      expect((await templateRow(answer.body.id))!.partnerId).toBe(other.partner.id);
    });
  });

  describe('GET /api/templates and /api/templates/{id}', () => {
    it('lists only the caller’s templates with their customer org counts', async () => {
      const template = await createTemplate();
      await seedCustomerOrgs(prisma, { partnerId, templateId: template.id, count: 2 });

      const answer = await call<{ items: TemplateJson[] }>(templatesRoute.GET, {
        cookie: reader.cookie,
      });

      expect(answer.status).toBe(200);
      expect(answer.body.items.find((item) => item.id === template.id)?.customerOrgCount).toBe(2);
      expect(answer.body.items.map((item) => item.id)).not.toContain(other.template.id);
    });

    it('answers one template', async () => {
      const template = await createTemplate();

      const answer = await call<TemplateJson>(templateRoute.GET, {
        id: template.id,
        cookie: reader.cookie,
      });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        id: template.id,
        provisioningUrl: template.provisioningUrl,
      });
    });
  });

  describe('PATCH /api/templates/{id}', () => {
    it.each([
      ['blank', { provisioningPassword: '', provisioningPasswordConfirm: '' }],
      ['absent', {}],
    ])('keeps the stored password when the password fields are %s', async (_case, fields) => {
      const password = newPassword();
      const template = await createTemplate(withPassword(password));
      const before = (await templateRow(template.id))!;
      const changesBefore = await changeAuditCount();

      const answer = await update(
        template.id,
        await editOf(template.id, { ...fields, name: `Renamed ${uniqueSuffix()}` }),
      );

      expect(answer.status).toBe(200);
      expect(answer.body.version).toBe(2);
      const after = (await templateRow(template.id))!;
      expect(after.provisioningPasswordHash).toBe(before.provisioningPasswordHash);
      expect(after.credentialVersion).toBe(before.credentialVersion);
      expect(await verifyPassword(after.provisioningPasswordHash, password)).toBe(true);
      const entry = await expectAudited(answer, {
        action: 'template.updated',
        targetId: template.id,
        changesBefore,
      });
      expect(entry.details).toMatchObject({ provisioningPasswordChanged: false });
    });

    it('replaces the password and moves the credential version', async () => {
      const oldPassword = newPassword();
      const template = await createTemplate(withPassword(oldPassword));
      const before = (await templateRow(template.id))!;
      const password = newPassword();
      const changesBefore = await changeAuditCount();

      const answer = await update(template.id, await editOf(template.id, withPassword(password)));

      expect(answer.status).toBe(200);
      const after = (await templateRow(template.id))!;
      expect(after.provisioningPasswordHash).not.toBe(before.provisioningPasswordHash);
      expect(after.provisioningPasswordHash).toMatch(/^\$argon2id\$/);
      expect(after.credentialVersion).toBe(before.credentialVersion + 1);
      expect(await verifyPassword(after.provisioningPasswordHash, password)).toBe(true);
      expect(await verifyPassword(after.provisioningPasswordHash, oldPassword)).toBe(false);
      const entry = await expectAudited(answer, {
        action: 'template.updated',
        targetId: template.id,
        changesBefore,
      });
      expect(entry.details).toMatchObject({ provisioningPasswordChanged: true });
    });

    it('moves the template to another cluster of the partner', async () => {
      const template = await createTemplate();

      const answer = await update(
        template.id,
        await editOf(template.id, { clusterId: secondClusterId }),
      );

      expect(answer.status).toBe(200);
      expect(answer.body.cluster).toEqual({ id: secondClusterId, name: 'Rotterdam' });
    });

    const invalidEdits: [string, () => Record<string, unknown>, string][] = [
      [
        'a new password without matching confirmation',
        () => ({ provisioningPassword: 'a brand new one', provisioningPasswordConfirm: '' }),
        'provisioningPasswordConfirm',
      ],
      [
        'only a confirmation',
        () => ({ provisioningPassword: '', provisioningPasswordConfirm: 'a brand new one' }),
        'provisioningPassword',
      ],
      ['a short new password', () => withPassword('short'), 'provisioningPassword'],
      ['another partner’s cluster', () => ({ clusterId: other.cluster.id }), 'clusterId'],
      ['no version', () => ({ version: undefined }), 'version'],
      ['a provisioning ID', () => ({ provisioningId: 'taken-over' }), 'provisioningId'],
      ['a partner ID', () => ({ partnerId: other.partner.id }), 'partnerId'],
    ];

    it.each(invalidEdits)(
      'refuses %s with 400 and changes nothing',
      async (_case, changes, field) => {
        const template = await createTemplate();
        const before = await templateRow(template.id);
        const changesBefore = await changeAuditCount();

        const answer = await update(template.id, await editOf(template.id, changes()));

        expect(answer.status).toBe(400);
        expect(namesField(answer.error, field)).toBe(true);
        expect(await templateRow(template.id)).toEqual(before);
        await expectNotAudited(answer, changesBefore);
      },
    );

    it('answers 409 stale_version for an edit of an older version and keeps the row', async () => {
      const template = await createTemplate();
      const firstEdit = await editOf(template.id, { name: `First ${uniqueSuffix()}` });
      expect((await update(template.id, firstEdit)).status).toBe(200);
      const before = await templateRow(template.id);
      const changesBefore = await changeAuditCount();

      const answer = await update(template.id, {
        ...firstEdit,
        ...withPassword(),
        name: `Late ${uniqueSuffix()}`,
      });

      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ reason: 'stale_version', currentVersion: 2 });
      expect(await templateRow(template.id)).toEqual(before);
      await expectNotAudited(answer, changesBefore);
    });

    it('answers 409 name_taken when renaming to another template’s name', async () => {
      const [first, second] = [await createTemplate(), await createTemplate()];
      const before = await templateRow(second.id);

      const answer = await update(second.id, await editOf(second.id, { name: first.name }));

      expect(answer.status).toBe(409);
      expect(answer.error.reason).toBe('name_taken');
      expect(await templateRow(second.id)).toEqual(before);
    });
  });

  describe('DELETE /api/templates/{id}', () => {
    it('deletes a template without customer organisations, audited once', async () => {
      const template = await createTemplate();
      const changesBefore = await changeAuditCount();

      const answer = await remove(template.id);

      expect(answer.status).toBe(204);
      expect(await templateRow(template.id)).toBeNull();
      await expectAudited(answer, {
        action: 'template.deleted',
        targetId: template.id,
        changesBefore,
      });
      expect(
        (await call(templateRoute.GET, { id: template.id, cookie: admin.cookie })).status,
      ).toBe(404);
      expect((await remove(template.id)).status).toBe(404);
    });

    it('answers 409 template_in_use with the customer org count and deletes nothing', async () => {
      const template = await createTemplate();
      await seedCustomerOrgs(prisma, { partnerId, templateId: template.id, count: 2 });
      const before = await templateRow(template.id);
      const changesBefore = await changeAuditCount();

      const answer = await remove(template.id);

      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ reason: 'template_in_use', customerOrgCount: 2 });
      expect(await templateRow(template.id)).toEqual(before);
      expect(await prisma.customerOrg.count({ where: { templateId: template.id } })).toBe(2);
      await expectNotAudited(answer, changesBefore);
    });
  });

  describe('access', () => {
    const itemCalls: [string, RouteHandler, string][] = [
      ['GET /api/templates/{id}', templateRoute.GET, 'GET'],
      ['PATCH /api/templates/{id}', templateRoute.PATCH, 'PATCH'],
      ['DELETE /api/templates/{id}', templateRoute.DELETE, 'DELETE'],
    ];

    it.each([
      ['GET /api/templates', templatesRoute.GET as RouteHandler, 'GET'],
      ['POST /api/templates', templatesRoute.POST as RouteHandler, 'POST'],
      ['DELETE /api/templates', templatesRoute.DELETE as RouteHandler, 'DELETE'],
      ...itemCalls,
      ['POST /api/templates/{id}', templateRoute.POST as RouteHandler, 'POST'],
    ])('%s answers 401 without a session', async (_route, handler, method) => {
      const template = await createTemplate();
      const before = await templateRow(template.id);

      const answer = await call(handler, {
        method,
        id: template.id,
        body: method === 'GET' || method === 'DELETE' ? undefined : await editOf(template.id),
      });

      expect(answer.status).toBe(401);
      expect(await templateRow(template.id)).toEqual(before);
    });

    it.each([
      ['POST /api/templates', templatesRoute.POST as RouteHandler, 'POST'],
      ...itemCalls.slice(1),
    ])(
      '%s answers 403 to the read-only role and changes nothing',
      async (_route, handler, method) => {
        const template = await createTemplate();
        const before = await templateRow(template.id);
        const [countBefore, changesBefore] = [await templateCount(), await changeAuditCount()];
        const body =
          method === 'PATCH'
            ? await editOf(template.id, { name: `Read-only ${uniqueSuffix()}` })
            : templateInput(clusterId, withPassword());

        const answer = await call(handler, {
          method,
          id: template.id,
          cookie: reader.cookie,
          body: method === 'DELETE' ? undefined : body,
        });

        expect(answer.status).toBe(403);
        expect(await templateRow(template.id)).toEqual(before);
        expect(await templateCount()).toBe(countBefore);
        await expectNotAudited(answer, changesBefore);
      },
    );

    it.each(itemCalls)(
      '%s answers 404 for another partner’s template and leaves it alone',
      async (_route, handler, method) => {
        // No customer orgs, so that a delete reaching it would succeed.
        const target = await createTemplate({ clusterId: other.cluster.id }, otherAdmin);
        const before = await templateRow(target.id);
        const changesBefore = await changeAuditCount();
        const body = await editOf(target.id, {
          clusterId,
          name: `Taken over ${uniqueSuffix()}`,
          ...withPassword(),
        });

        const answer = await call(handler, {
          method,
          id: target.id,
          cookie: admin.cookie,
          body: method === 'PATCH' ? body : undefined,
        });

        expect(answer.status).toBe(404);
        expect(answer.text).not.toContain(target.provisioningId);
        expect(await templateRow(target.id)).toEqual(before);
        await expectNotAudited(answer, changesBefore);
      },
    );

    it.each(itemCalls)(
      '%s answers 404 for an id that is not a UUID',
      async (_route, handler, method) => {
        for (const id of ['not-a-uuid', '42', `${other.template.id}0`]) {
          const answer = await call(handler, {
            method,
            id,
            cookie: admin.cookie,
            body: method === 'PATCH' ? templateInput(clusterId, { version: 1 }) : undefined,
          });
          expect(answer.status).toBe(404);
        }
      },
    );
  });
});
