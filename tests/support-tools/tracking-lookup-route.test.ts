import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as lookupRoute from '@/app/api/support/lookup/route';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { newTrackingId } from '@/lib/observability/request-context';

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

interface LookupJson {
  trackingId: string;
  request: {
    time: string;
    method: string;
    route: string;
    status: number;
    durationMs: number;
    errorCode: string | null;
    userEmail: string | null;
    credential: string | null;
    clientIp: string | null;
  } | null;
  auditEntries: { actor: string; action: string; targetType: string | null; outcome: string }[];
}

describe('TrackingID lookup API route', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let admin: SignedIn;
  let reader: SignedIn;
  let otherAdmin: SignedIn;
  const ownRequest = newTrackingId();
  const machineRequest = newTrackingId();
  const auditOnly = newTrackingId();
  const otherPartnersRequest = newTrackingId();

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;
    const partnerId = (await seedPartner(prisma)).id;
    const otherPartnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    otherAdmin = await signInAs(prisma, { partnerId: otherPartnerId });

    await prisma.requestLog.createMany({
      data: [
        {
          trackingId: ownRequest,
          partnerId,
          userId: admin.user.id,
          method: 'POST',
          route: '/api/clusters',
          status: 409,
          durationMs: 31,
          errorCode: 'conflict',
          clientIp: '198.51.100.8',
        },
        {
          trackingId: machineRequest,
          partnerId,
          credential: 'phub_AbCdEf',
          method: 'GET',
          route: '/api/v1/broadworks/enterprises',
          status: 200,
          durationMs: 4,
        },
        {
          trackingId: otherPartnersRequest,
          partnerId: otherPartnerId,
          userId: otherAdmin.user.id,
          method: 'DELETE',
          route: '/api/tokens/1',
          status: 204,
          durationMs: 9,
        },
      ],
    });
    await prisma.auditEntry.createMany({
      data: [
        {
          partnerId,
          actorUserId: admin.user.id,
          actorLabel: admin.user.email,
          action: 'cluster.created',
          targetType: 'cluster',
          targetId: 'c-1',
          outcome: 'failure',
          trackingId: ownRequest,
        },
        {
          partnerId,
          actorLabel: 'flowthrough:prov-1',
          action: 'subscriber.added',
          targetType: 'subscriber',
          outcome: 'success',
          trackingId: auditOnly,
        },
        {
          partnerId: otherPartnerId,
          actorUserId: otherAdmin.user.id,
          actorLabel: otherAdmin.user.email,
          action: 'api_token.revoked',
          outcome: 'success',
          trackingId: otherPartnersRequest,
        },
      ],
    });
  });
  afterAll(async () => {
    restoreEnv?.();
    await database?.close();
  });

  async function lookUp(trackingId: string, who: SignedIn | null = admin) {
    const query = new URLSearchParams({ trackingId });
    const request = apiRequest(`/api/support/lookup?${query}`, { cookie: who?.cookie });
    return readAnswer<LookupJson>(await lookupRoute.GET(request, routeContext({})));
  }

  it('shows the request with the user who made it and the audit entries it wrote', async () => {
    const answer = await lookUp(ownRequest);

    expect(answer.status).toBe(200);
    expect(answer.body.trackingId).toBe(ownRequest);
    expect(answer.body.request).toMatchObject({
      method: 'POST',
      route: '/api/clusters',
      status: 409,
      durationMs: 31,
      errorCode: 'conflict',
      userEmail: admin.user.email,
      credential: null,
    });
    expect(answer.body.auditEntries).toEqual([
      expect.objectContaining({ action: 'cluster.created', outcome: 'failure' }),
    ]);
  });

  it('names the credential of a machine request', async () => {
    const answer = await lookUp(machineRequest);

    expect(answer.body.request).toMatchObject({ credential: 'phub_AbCdEf', userEmail: null });
    expect(answer.body.auditEntries).toEqual([]);
  });

  it('finds audit entries whose request is no longer logged', async () => {
    const answer = await lookUp(auditOnly);

    expect(answer.status).toBe(200);
    expect(answer.body.request).toBeNull();
    expect(answer.body.auditEntries).toHaveLength(1);
  });

  it('lets support staff look up', async () => {
    expect((await lookUp(ownRequest, reader)).status).toBe(200);
  });

  it("answers another partner's TrackingID as unknown, and the other partner sees its own", async () => {
    const answer = await lookUp(otherPartnersRequest);
    const unknown = await lookUp(newTrackingId());

    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain(otherAdmin.user.email);
    expect(answer.text).not.toContain('api_token.revoked');
    expect(unknown.status).toBe(404);
    expect(answer.error.message).toBe(unknown.error.message);

    const own = await lookUp(otherPartnersRequest, otherAdmin);
    expect(own.status).toBe(200);
    expect(own.body.request?.userEmail).toBe(otherAdmin.user.email);
    expect((await lookUp(ownRequest, otherAdmin)).status).toBe(404);
  });

  it('refuses a value that is not a TrackingID, naming the field', async () => {
    for (const value of ['', 'PHUB_2026_abc', `${ownRequest} `.repeat(2), "' OR 1=1 --"]) {
      const answer = await lookUp(value);

      expect(answer.status, value).toBe(400);
      expect(namesField(answer.error, 'trackingId')).toBe(true);
    }
  });

  it('refuses an anonymous caller and other methods', async () => {
    expect((await lookUp(ownRequest, null)).status).toBe(401);

    const post = await lookupRoute.POST(
      apiRequest('/api/support/lookup', { method: 'POST', cookie: admin.cookie, body: {} }),
    );
    expect(post.status).toBe(405);
  });
});
