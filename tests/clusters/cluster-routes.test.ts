import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as checkRoute from '@/app/api/clusters/[id]/check/route';
import * as clusterRoute from '@/app/api/clusters/[id]/route';
import * as clustersRoute from '@/app/api/clusters/route';
import { open } from '@/lib/crypto/secret-box';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { newTrackingId, requestContextStore } from '@/lib/observability/request-context';

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
import { seedPartner, seedPartnerData, uniqueSuffix } from '../support/seed';
import { clusterInput, seedCustomerOrgs } from '../support/settings-input';

interface ClusterJson {
  id: string;
  name: string;
  version: number;
  xsiActionsUrl: string;
  ctiPort: number | null;
  dasUrl: string | null;
  validationPasswordSet: boolean;
  connectivityStatus: string;
  templateCount: number;
  releaseSupported: boolean;
}

// Every validation password a test sends; no response may ever carry one of them.
const validationPasswords: string[] = [];
function newValidationPassword(): string {
  const password = `xsi-validation-${uniqueSuffix()}`;
  validationPasswords.push(password);
  return password;
}

describe('cluster API routes', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let partnerId: string;
  let admin: SignedIn;
  let reader: SignedIn;
  let other: Awaited<ReturnType<typeof seedPartnerData>>;
  let otherAdmin: SignedIn;

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    other = await seedPartnerData(prisma);
    otherAdmin = await signInAs(prisma, { partnerId: other.partner.id });
  });
  afterAll(async () => {
    restoreEnv?.();
    await database?.close();
  });

  async function call<Body = ApiError>(
    handler: RouteHandler,
    options: ApiRequestOptions & { id?: string } = {},
  ): Promise<ApiAnswer<Body>> {
    const { id, ...request } = options;
    const path = id === undefined ? '/api/clusters' : `/api/clusters/${id}`;
    const answer = await readAnswer<Body>(
      await handler(apiRequest(path, request), routeContext({ id: id ?? '' })),
    );

    for (const password of validationPasswords) expect(answer.text).not.toContain(password);
    if (answer.status >= 400) {
      expect(answer.error.trackingId).toBe(answer.trackingId);
    }
    return answer;
  }

  const list = (who: SignedIn = admin) =>
    call<{ items: ClusterJson[] }>(clustersRoute.GET, { cookie: who.cookie });

  const create = (body: unknown, who: SignedIn = admin) =>
    call<ClusterJson>(clustersRoute.POST, { method: 'POST', cookie: who.cookie, body });

  const update = (id: string, body: unknown, who: SignedIn = admin) =>
    call<ClusterJson>(clusterRoute.PATCH, { method: 'PATCH', id, cookie: who.cookie, body });

  const remove = (id: string, who: SignedIn = admin) =>
    call<undefined>(clusterRoute.DELETE, { method: 'DELETE', id, cookie: who.cookie });

  async function createCluster(overrides: Record<string, unknown> = {}, who = admin) {
    const answer = await create(clusterInput(overrides), who);
    expect(answer.status).toBe(201);
    return answer.body;
  }

  /** The PATCH body that saves the cluster as it is now, with the given changes. */
  async function editOf(clusterId: string, changes: Record<string, unknown> = {}) {
    const row = await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    return {
      ...clusterInput({
        name: row.name,
        release: row.release,
        xsiActionsUrl: row.xsiActionsUrl,
        xsiEventsUrl: row.xsiEventsUrl,
        authServiceUrl: row.authServiceUrl,
        ctiUrl: row.ctiUrl ?? '',
        ctiPort: row.ctiPort,
        dasUrl: row.dasUrl ?? '',
        validationUserId: row.validationUserId ?? '',
      }),
      version: row.version,
      ...changes,
    };
  }

  const clusterRow = (id: string) => prisma.cluster.findUnique({ where: { id } });
  const clusterCount = () => prisma.cluster.count();
  const changeAuditCount = () => prisma.auditEntry.count({ where: { action: { not: 'sign_in' } } });

  async function linkTemplate(clusterId: string, name = `Template ${uniqueSuffix()}`) {
    const suffix = uniqueSuffix();
    return prisma.customerTemplate.create({
      data: {
        partnerId,
        clusterId,
        name,
        countryCode: 'NL',
        emailLanguage: 'nl',
        provisioningId: `prov-${suffix}`,
        provisioningAccount: `account-${suffix}`,
        provisioningPasswordHash: 'no password',
      },
      select: { id: true, name: true },
    });
  }

  /** Exactly one audit entry for the call, carrying its TrackingID and no secret. */
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
        targetType: 'cluster',
        targetId: expected.targetId,
        outcome: 'success',
      }),
    ]);
    expect(await changeAuditCount()).toBe(expected.changesBefore + 1);

    const details = JSON.stringify(entries[0]!.details);
    for (const password of validationPasswords) expect(details).not.toContain(password);
    expect(details).not.toMatch(/validationPasswordSealed|v1:[\w-]+:/);
  }

  async function expectNotAudited(answer: ApiAnswer<unknown>, changesBefore: number) {
    expect(await prisma.auditEntry.count({ where: { trackingId: answer.trackingId! } })).toBe(0);
    expect(await changeAuditCount()).toBe(changesBefore);
  }

  describe('POST /api/clusters', () => {
    it('creates a cluster of the caller’s partner, audited once, password sealed', async () => {
      const password = newValidationPassword();
      const input = clusterInput({ validationPassword: password, dasUrl: '' });
      const changesBefore = await changeAuditCount();

      const answer = await create(input);

      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        name: input.name,
        xsiActionsUrl: input.xsiActionsUrl,
        ctiPort: 8012,
        dasUrl: null,
        version: 1,
        validationPasswordSet: true,
        connectivityStatus: 'not_checked',
        templateCount: 0,
        releaseSupported: true,
      });
      expect(answer.text).not.toMatch(/validationPassword"|Sealed|partnerId/);

      const row = (await clusterRow(answer.body.id))!;
      expect(row.partnerId).toBe(partnerId);
      expect(row.validationPasswordSealed).toMatch(/^v1:/);
      expect(row.validationPasswordSealed).not.toContain(password);
      expect(open(row.validationPasswordSealed!)).toBe(password);
      await expectAudited(answer, {
        action: 'cluster.created',
        targetId: answer.body.id,
        changesBefore,
      });
    });

    it('creates a cluster without validation password and marks the release support', async () => {
      const answer = await create(clusterInput({ validationUserId: '', release: 'R22' }));

      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ validationPasswordSet: false, releaseSupported: false });
      expect((await clusterRow(answer.body.id))!.validationPasswordSealed).toBeNull();
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      [
        'a non-https XSI Actions URL',
        { xsiActionsUrl: 'http://xsp1.partner.example' },
        'xsiActionsUrl',
      ],
      [
        'a non-https XSI Events URL',
        { xsiEventsUrl: 'ftp://xsp1.partner.example' },
        'xsiEventsUrl',
      ],
      ['no auth service URL', { authServiceUrl: '' }, 'authServiceUrl'],
      ['a URL carrying credentials', { dasUrl: 'https://u:p@das.partner.example' }, 'dasUrl'],
      ['a non-https CTI URL', { ctiUrl: 'http://xsp1.partner.example' }, 'ctiUrl'],
      ['CTI port 0', { ctiPort: 0 }, 'ctiPort'],
      ['CTI port 70000', { ctiPort: 70_000 }, 'ctiPort'],
      ['a CTI port as text', { ctiPort: '8012' }, 'ctiPort'],
      ['a CTI port without CTI URL', { ctiUrl: '', ctiPort: 8012 }, 'ctiUrl'],
      ['a name of 81 characters', { name: 'n'.repeat(81) }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a release outside the list', { release: 'R21' }, 'release'],
      ['call history sync without user ID', { callHistorySync: true }, 'callHistorySyncUserId'],
      ['DND sync with a blank user ID', { dndSync: true, dndSyncUserId: ' ' }, 'dndSyncUserId'],
      [
        'assistant status sync without user ID',
        { assistantStatusSync: true },
        'assistantStatusSyncUserId',
      ],
      ['a user ID with a space', { validationUserId: 'val idator' }, 'validationUserId'],
      ['a partner ID', { partnerId: randomUUID() }, 'partnerId'],
      ['a version', { version: 1 }, 'version'],
      ['an id', { id: randomUUID() }, 'id'],
      ['a connectivity status', { connectivityStatus: 'success' }, 'connectivityStatus'],
      ['a sealed password', { validationPasswordSealed: 'v1:a:b:c' }, 'validationPasswordSealed'],
    ];

    it.each(invalid)('refuses %s with 400 naming the field', async (_case, overrides, field) => {
      const [countBefore, changesBefore] = [await clusterCount(), await changeAuditCount()];

      const answer = await create(clusterInput(overrides));

      expect(answer.status).toBe(400);
      expect(namesField(answer.error, field)).toBe(true);
      expect(await clusterCount()).toBe(countBefore);
      await expectNotAudited(answer, changesBefore);
    });

    it('reports each invalid field in the caller’s language', async () => {
      const body = clusterInput({
        name: 'n'.repeat(81),
        xsiActionsUrl: 'http://xsp1.partner.example',
        ctiPort: 0,
      });

      const dutch = await call(clustersRoute.POST, {
        method: 'POST',
        cookie: admin.cookie,
        body,
        locale: 'nl',
      });
      const english = await create(body);

      expect(dutch.status).toBe(400);
      expect(dutch.error.errors).toEqual(
        expect.arrayContaining([
          { field: 'name', description: 'name: Mag maximaal 80 tekens bevatten.' },
          { field: 'xsiActionsUrl', description: 'xsiActionsUrl: Moet een https://-URL zijn.' },
          {
            field: 'ctiPort',
            description: 'ctiPort: Moet een poortnummer van 1 tot en met 65535 zijn.',
          },
        ]),
      );
      expect(english.error.errors).toEqual(
        expect.arrayContaining([
          { field: 'xsiActionsUrl', description: 'xsiActionsUrl: Must be an https:// URL.' },
        ]),
      );
    });

    it('names the sync that needs a user ID in Dutch', async () => {
      const answer = await call(clustersRoute.POST, {
        method: 'POST',
        cookie: admin.cookie,
        body: clusterInput({ dndSync: true }),
        locale: 'nl',
      });

      expect(answer.error.errors).toEqual([
        {
          field: 'dndSyncUserId',
          description: expect.stringMatching(
            /^dndSyncUserId: Er is een BroadWorks-gebruikers-ID nodig om deze synchronisatie/,
          ),
        },
      ]);
    });

    it('never takes the partner from the body', async () => {
      const otherCount = await prisma.cluster.count({ where: { partnerId: other.partner.id } });

      const answer = await create(clusterInput({ partnerId: other.partner.id }));

      expect(answer.status).toBe(400);
      expect(await prisma.cluster.count({ where: { partnerId: other.partner.id } })).toBe(
        otherCount,
      );
    });

    it('answers 409 name_taken for a name the partner already uses, also with spaces', async () => {
      const existing = await createCluster();
      const [countBefore, changesBefore] = [await clusterCount(), await changeAuditCount()];

      const answer = await create(clusterInput({ name: `  ${existing.name} ` }));

      expect(answer.status).toBe(409);
      expect(answer.error.reason).toBe('name_taken');
      expect(namesField(answer.error, 'name')).toBe(true);
      expect(await clusterCount()).toBe(countBefore);
      await expectNotAudited(answer, changesBefore);
    });

    it('accepts a name that only another partner uses', async () => {
      const existing = await createCluster();

      const answer = await create(clusterInput({ name: existing.name }), otherAdmin);

      expect(answer.status).toBe(201);
      expect((await clusterRow(answer.body.id))!.partnerId).toBe(other.partner.id);
    });
  });

  describe('GET /api/clusters and /api/clusters/{id}', () => {
    it('lists only the caller’s clusters, for the read-only role too', async () => {
      const own = await createCluster({ validationPassword: newValidationPassword() });

      const answer = await list(reader);

      expect(answer.status).toBe(200);
      const ids = answer.body.items.map((item) => item.id);
      expect(ids).toContain(own.id);
      expect(ids).not.toContain(other.cluster.id);
      expect(answer.text).not.toMatch(/Sealed/);
    });

    it('answers one cluster of the caller’s partner', async () => {
      const own = await createCluster();

      const answer = await call<ClusterJson>(clusterRoute.GET, {
        id: own.id,
        cookie: reader.cookie,
      });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: own.id, name: own.name });
    });
  });

  describe('PATCH /api/clusters/{id}', () => {
    it('saves an edit, moves the version and audits once', async () => {
      const cluster = await createCluster();
      const changesBefore = await changeAuditCount();

      const answer = await update(
        cluster.id,
        await editOf(cluster.id, { name: `Renamed ${uniqueSuffix()}` }),
      );

      expect(answer.status).toBe(200);
      expect(answer.body.version).toBe(2);
      expect((await clusterRow(cluster.id))!.name).toBe(answer.body.name);
      await expectAudited(answer, {
        action: 'cluster.updated',
        targetId: cluster.id,
        changesBefore,
      });
    });

    const invalidEdits: [string, Record<string, unknown>, string][] = [
      ['a non-https URL', { xsiEventsUrl: 'http://xsp1.partner.example' }, 'xsiEventsUrl'],
      ['CTI port 70000', { ctiPort: 70_000 }, 'ctiPort'],
      ['a name of 81 characters', { name: 'n'.repeat(81) }, 'name'],
      ['call history sync without user ID', { callHistorySync: true }, 'callHistorySyncUserId'],
      ['no version', { version: undefined }, 'version'],
      ['a partner ID', { partnerId: randomUUID() }, 'partnerId'],
      ['a connectivity status', { connectivityStatus: 'success' }, 'connectivityStatus'],
    ];

    it.each(invalidEdits)(
      'refuses %s with 400 and changes nothing',
      async (_case, changes, field) => {
        const cluster = await createCluster();
        const before = await clusterRow(cluster.id);
        const changesBefore = await changeAuditCount();

        const answer = await update(cluster.id, await editOf(cluster.id, changes));

        expect(answer.status).toBe(400);
        expect(namesField(answer.error, field)).toBe(true);
        expect(await clusterRow(cluster.id)).toEqual(before);
        await expectNotAudited(answer, changesBefore);
      },
    );

    it('answers 409 stale_version for an edit of an older version and keeps the row', async () => {
      const cluster = await createCluster();
      const firstEdit = await editOf(cluster.id, { name: `First ${uniqueSuffix()}` });
      expect((await update(cluster.id, firstEdit)).status).toBe(200);
      const before = await clusterRow(cluster.id);
      const changesBefore = await changeAuditCount();

      const answer = await update(cluster.id, { ...firstEdit, name: `Late ${uniqueSuffix()}` });

      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ reason: 'stale_version', currentVersion: 2 });
      expect(await clusterRow(cluster.id)).toEqual(before);
      await expectNotAudited(answer, changesBefore);
    });

    it('answers 409 name_taken when renaming to another cluster’s name', async () => {
      const [first, second] = [await createCluster(), await createCluster()];
      const before = await clusterRow(second.id);

      const answer = await update(second.id, await editOf(second.id, { name: first.name }));

      expect(answer.status).toBe(409);
      expect(answer.error.reason).toBe('name_taken');
      expect(await clusterRow(second.id)).toEqual(before);
    });

    describe('of a cluster whose templates serve customer organisations', () => {
      let clusterId: string;

      beforeAll(async () => {
        clusterId = (await createCluster()).id;
        const template = await linkTemplate(clusterId);
        await seedCustomerOrgs(prisma, { partnerId, templateId: template.id, count: 3 });
      });

      const interfaceChanges: [string, Record<string, unknown>][] = [
        [
          'xsiActionsUrl',
          { xsiActionsUrl: 'https://xsp2.partner.example/com.broadsoft.xsi-actions' },
        ],
        ['xsiEventsUrl', { xsiEventsUrl: 'https://xsp2.partner.example/com.broadsoft.xsi-events' }],
        ['authServiceUrl', { authServiceUrl: 'https://xsp2.partner.example/authservice' }],
        ['ctiUrl', { ctiUrl: 'https://xsp2.partner.example' }],
        ['ctiPort', { ctiPort: 8013 }],
        ['dasUrl', { dasUrl: 'https://das.partner.example' }],
      ];

      it.each(interfaceChanges)(
        'asks to confirm a change of %s with the number of customer orgs',
        async (_field, changes) => {
          const before = await clusterRow(clusterId);
          const changesBefore = await changeAuditCount();

          const answer = await update(clusterId, await editOf(clusterId, changes));

          expect(answer.status).toBe(409);
          expect(answer.body).toMatchObject({
            reason: 'confirmation_required',
            affectedCustomerOrgs: 3,
          });
          expect(await clusterRow(clusterId)).toEqual(before);
          await expectNotAudited(answer, changesBefore);
        },
      );

      it('saves other fields without confirmation', async () => {
        const answer = await update(
          clusterId,
          await editOf(clusterId, { name: `Quiet ${uniqueSuffix()}`, release: 'R26' }),
        );

        expect(answer.status).toBe(200);
      });

      it('applies a confirmed change and resets the connectivity result', async () => {
        await prisma.cluster.update({
          where: { id: clusterId },
          data: { connectivityStatus: 'success', connectivityCheckedAt: new Date() },
        });
        const newUrl = 'https://xsp3.partner.example/com.broadsoft.xsi-actions';
        const changesBefore = await changeAuditCount();

        const answer = await update(
          clusterId,
          await editOf(clusterId, { xsiActionsUrl: newUrl, confirmWideImpact: true }),
        );

        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({
          xsiActionsUrl: newUrl,
          connectivityStatus: 'not_checked',
        });
        expect((await clusterRow(clusterId))!.connectivityCheckedAt).toBeNull();
        await expectAudited(answer, {
          action: 'cluster.updated',
          targetId: clusterId,
          changesBefore,
        });
      });
    });

    describe('the validation password', () => {
      let clusterId: string;
      let firstPassword: string;

      beforeAll(async () => {
        firstPassword = newValidationPassword();
        clusterId = (await createCluster({ validationPassword: firstPassword })).id;
      });

      const sealedNow = async () => (await clusterRow(clusterId))!.validationPasswordSealed!;

      it.each([
        ['blank', { validationPassword: '' }],
        ['absent', { validationPassword: undefined }],
      ])('stays as it was when the field is %s', async (_case, changes) => {
        const sealed = await sealedNow();

        const answer = await update(clusterId, await editOf(clusterId, changes));

        expect(answer.status).toBe(200);
        expect(answer.body.validationPasswordSet).toBe(true);
        expect(await sealedNow()).toBe(sealed);
        expect(open(sealed)).toBe(firstPassword);
      });

      it('is replaced by a new one, sealed again and never answered', async () => {
        const sealed = await sealedNow();
        const newPassword = newValidationPassword();
        const changesBefore = await changeAuditCount();

        const answer = await update(
          clusterId,
          await editOf(clusterId, { validationPassword: newPassword }),
        );

        expect(answer.status).toBe(200);
        const stored = await sealedNow();
        expect(stored).not.toBe(sealed);
        expect(stored).not.toContain(newPassword);
        expect(open(stored)).toBe(newPassword);
        await expectAudited(answer, {
          action: 'cluster.updated',
          targetId: clusterId,
          changesBefore,
        });
        const entry = await prisma.auditEntry.findFirstOrThrow({
          where: { trackingId: answer.trackingId! },
        });
        expect(entry.details).toMatchObject({ validationPasswordChanged: true });

        const reads = [
          await list(),
          await call(clusterRoute.GET, { id: clusterId, cookie: admin.cookie }),
        ];
        for (const read of reads) {
          expect(read.status).toBe(200);
          expect(read.text).not.toContain(stored);
        }
      });
    });
  });

  describe('DELETE /api/clusters/{id}', () => {
    it('deletes a cluster no template links to, audited once', async () => {
      const cluster = await createCluster({ validationPassword: newValidationPassword() });
      const changesBefore = await changeAuditCount();

      const answer = await remove(cluster.id);

      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect(await clusterRow(cluster.id)).toBeNull();
      await expectAudited(answer, {
        action: 'cluster.deleted',
        targetId: cluster.id,
        changesBefore,
      });
      expect((await call(clusterRoute.GET, { id: cluster.id, cookie: admin.cookie })).status).toBe(
        404,
      );
      expect((await remove(cluster.id)).status).toBe(404);
    });

    it('audits under the TrackingID the custom server gave the request', async () => {
      const cluster = await createCluster();
      const context = { trackingId: newTrackingId(), clientIp: '203.0.113.9' };
      const request = apiRequest(`/api/clusters/${cluster.id}`, {
        method: 'DELETE',
        cookie: admin.cookie,
        headers: { 'x-tracking-id': context.trackingId },
      });

      const response = await requestContextStore().run(context, () =>
        clusterRoute.DELETE(request, routeContext({ id: cluster.id })),
      );

      expect(response.status).toBe(204);
      expect(response.headers.get('TrackingID')).toBe(context.trackingId);
      expect(
        await prisma.auditEntry.findMany({ where: { trackingId: context.trackingId } }),
      ).toEqual([
        expect.objectContaining({ action: 'cluster.deleted', clientIp: context.clientIp }),
      ]);
    });

    it('answers 409 cluster_in_use naming the linked templates and deletes nothing', async () => {
      const cluster = await createCluster();
      const beta = await linkTemplate(cluster.id, `Beta ${uniqueSuffix()}`);
      const alpha = await linkTemplate(cluster.id, `Alpha ${uniqueSuffix()}`);
      const changesBefore = await changeAuditCount();

      const answer = await remove(cluster.id);

      expect(answer.status).toBe(409);
      expect(answer.error.reason).toBe('cluster_in_use');
      expect(answer.error.templates).toEqual([alpha, beta]);
      expect(answer.error.errors.map((error) => error.description).join(' ')).toContain(beta.name);
      expect(await clusterRow(cluster.id)).not.toBeNull();
      expect(await prisma.customerTemplate.count({ where: { clusterId: cluster.id } })).toBe(2);
      await expectNotAudited(answer, changesBefore);
    });
  });

  describe('access', () => {
    const itemCalls: [string, RouteHandler, string][] = [
      ['GET /api/clusters/{id}', clusterRoute.GET, 'GET'],
      ['PATCH /api/clusters/{id}', clusterRoute.PATCH, 'PATCH'],
      ['DELETE /api/clusters/{id}', clusterRoute.DELETE, 'DELETE'],
      ['POST /api/clusters/{id}/check', checkRoute.POST, 'POST'],
    ];

    it.each([
      ['GET /api/clusters', clustersRoute.GET as RouteHandler, 'GET'],
      ['POST /api/clusters', clustersRoute.POST as RouteHandler, 'POST'],
      ['PUT /api/clusters', clustersRoute.PUT as RouteHandler, 'PUT'],
      ...itemCalls,
      ['PUT /api/clusters/{id}', clusterRoute.PUT as RouteHandler, 'PUT'],
      ['GET /api/clusters/{id}/check', checkRoute.GET as RouteHandler, 'GET'],
    ])('%s answers 401 without a session', async (_route, handler, method) => {
      const cluster = await createCluster();
      const before = await clusterRow(cluster.id);

      const answer = await call(handler, {
        method,
        id: cluster.id,
        body: method === 'GET' || method === 'DELETE' ? undefined : clusterInput(),
      });

      expect(answer.status).toBe(401);
      expect(answer.error.errors.length).toBeGreaterThan(0);
      expect(await clusterRow(cluster.id)).toEqual(before);
    });

    it.each([
      ['POST /api/clusters', clustersRoute.POST as RouteHandler, 'POST'],
      ...itemCalls.slice(1),
    ])(
      '%s answers 403 to the read-only role and changes nothing',
      async (_route, handler, method) => {
        const cluster = await createCluster();
        const before = await clusterRow(cluster.id);
        const [countBefore, changesBefore] = [await clusterCount(), await changeAuditCount()];
        const body =
          method === 'PATCH'
            ? await editOf(cluster.id, { name: 'Read-only edit' })
            : clusterInput();

        const answer = await call(handler, {
          method,
          id: cluster.id,
          cookie: reader.cookie,
          body: method === 'DELETE' ? undefined : body,
        });

        expect(answer.status).toBe(403);
        expect(await clusterRow(cluster.id)).toEqual(before);
        expect(await clusterCount()).toBe(countBefore);
        await expectNotAudited(answer, changesBefore);
      },
    );

    it.each(itemCalls)(
      '%s answers 404 for another partner’s cluster and leaves it alone',
      async (_route, handler, method) => {
        // An unlinked cluster, so that a delete reaching it would succeed.
        const target = await createCluster({}, otherAdmin);
        const before = await clusterRow(target.id);
        const changesBefore = await changeAuditCount();
        const body = { ...(await editOf(target.id)), name: `Taken over ${uniqueSuffix()}` };

        const answer = await call(handler, {
          method,
          id: target.id,
          cookie: admin.cookie,
          body: method === 'PATCH' ? body : undefined,
        });

        expect(answer.status).toBe(404);
        expect(answer.text).not.toContain(target.name);
        expect(await clusterRow(target.id)).toEqual(before);
        await expectNotAudited(answer, changesBefore);
      },
    );

    it.each(itemCalls)(
      '%s answers 404 for an id that is not a UUID',
      async (_route, handler, method) => {
        for (const id of ['not-a-uuid', '1', `${other.cluster.id}x`]) {
          const answer = await call(handler, {
            method,
            id,
            cookie: admin.cookie,
            body: method === 'PATCH' ? clusterInput({ version: 1 }) : undefined,
          });
          expect(answer.status).toBe(404);
        }
      },
    );

    it('answers 405 with Allow for an unsupported method', async () => {
      const response = await clustersRoute.PUT(
        apiRequest('/api/clusters', { method: 'PUT', cookie: admin.cookie, body: {} }),
      );

      expect(response.status).toBe(405);
      expect(response.headers.get('Allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
    });
  });
});
