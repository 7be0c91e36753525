import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as resolveRoute from '@/app/api/incidents/[id]/resolve/route';
import * as incidentsRoute from '@/app/api/incidents/route';
import * as statusRoute from '@/app/api/status/route';
import * as publicStatusRoute from '@/app/api/v1/status/route';
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
import { issueToken } from '../support/public-api';
import { seedPartner, seedPartnerData } from '../support/seed';

interface IncidentJson {
  id: string;
  title: string;
  message: string;
  impact: 'degraded' | 'outage';
  status: 'open' | 'resolved';
  createdAt: string;
  resolvedAt: string | null;
}

interface StatusJson {
  status: string;
  components: { name: string; status: string; detail: string; changedAt: string }[];
  incidents: IncidentJson[];
}

const validIncident = {
  title: 'Provisioning delayed',
  message: 'New subscribers take up to an hour to appear.',
  impact: 'degraded',
};

describe('incident and status routes', () => {
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
    path: string,
    options: ApiRequestOptions & { id?: string } = {},
  ): Promise<ApiAnswer<Body>> {
    const { id, ...request } = options;
    return readAnswer<Body>(
      await handler(apiRequest(path, request), routeContext({ id: id ?? '' })),
    );
  }

  const post = (body: unknown, who: SignedIn = admin) =>
    call<IncidentJson>(incidentsRoute.POST, '/api/incidents', {
      method: 'POST',
      cookie: who.cookie,
      body,
    });

  const resolve = (id: string, who: SignedIn = admin) =>
    call<IncidentJson>(resolveRoute.POST, `/api/incidents/${id}/resolve`, {
      method: 'POST',
      cookie: who.cookie,
      id,
    });

  const status = (who: SignedIn) =>
    call<StatusJson>(statusRoute.GET, '/api/status', { cookie: who.cookie });

  const auditOf = (targetId: string) =>
    prisma.auditEntry.findMany({ where: { targetId }, orderBy: { id: 'asc' } });

  it('lets a full admin post an incident, with one audit entry', async () => {
    const answer = await post(validIncident);

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ ...validIncident, status: 'open', resolvedAt: null });
    const stored = await prisma.incident.findUniqueOrThrow({ where: { id: answer.body.id } });
    expect(stored).toMatchObject({ partnerId, createdByUserId: admin.user.id });

    const audit = await auditOf(answer.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      partnerId,
      actorUserId: admin.user.id,
      action: 'incident.created',
      outcome: 'success',
      trackingId: answer.trackingId,
    });
  });

  it.each([
    [{ ...validIncident, title: '' }, 'title'],
    [{ ...validIncident, title: 'x'.repeat(161) }, 'title'],
    [{ ...validIncident, message: '   ' }, 'message'],
    [{ ...validIncident, message: 'x'.repeat(4001) }, 'message'],
    [{ ...validIncident, impact: 'minor' }, 'impact'],
    [{ title: 'No impact', message: 'Given' }, 'impact'],
  ])('refuses %o naming the field %s', async (body, field) => {
    const before = await prisma.incident.count();
    const answer = await post(body);

    expect(answer.status).toBe(400);
    expect(namesField(answer.error, field)).toBe(true);
    expect(await prisma.incident.count()).toBe(before);
  });

  it('refuses fields a client may not write, such as status or the partner', async () => {
    for (const extra of [
      { status: 'resolved' },
      { partnerId: other.partner.id },
      { id: randomUUID() },
    ]) {
      const answer = await post({ ...validIncident, ...extra });
      expect(answer.status, JSON.stringify(extra)).toBe(400);
    }
    expect(await prisma.incident.count({ where: { partnerId: other.partner.id } })).toBe(1);
  });

  it('answers in Dutch for a Dutch caller', async () => {
    const answer = await call(incidentsRoute.POST, '/api/incidents', {
      method: 'POST',
      cookie: admin.cookie,
      locale: 'nl',
      body: { ...validIncident, title: '' },
    });

    expect(answer.status).toBe(400);
    expect(answer.error.errors[0]!.description).not.toContain('Is required');
  });

  it('refuses a read-only user with 403 for posting and resolving, changing nothing', async () => {
    const open = (await post(validIncident)).body;
    const before = await prisma.auditEntry.count();

    expect((await post(validIncident, reader)).status).toBe(403);
    expect((await resolve(open.id, reader)).status).toBe(403);
    expect(await prisma.incident.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      status: 'open',
    });
    expect(await prisma.auditEntry.count()).toBe(before);
  });

  it('refuses an anonymous caller with 401', async () => {
    expect((await call(incidentsRoute.GET, '/api/incidents')).status).toBe(401);
    expect((await call(statusRoute.GET, '/api/status')).status).toBe(401);
    expect(
      (await call(incidentsRoute.POST, '/api/incidents', { method: 'POST', body: validIncident }))
        .status,
    ).toBe(401);
  });

  it('refuses a foreign Origin and a body that is not JSON', async () => {
    const foreign = await call(incidentsRoute.POST, '/api/incidents', {
      method: 'POST',
      cookie: admin.cookie,
      body: validIncident,
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);

    const plain = await call(incidentsRoute.POST, '/api/incidents', {
      method: 'POST',
      cookie: admin.cookie,
      body: validIncident,
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
  });

  it('resolves an incident once; resolving again answers it unchanged', async () => {
    const open = (await post({ ...validIncident, impact: 'outage' })).body;

    const first = await resolve(open.id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: open.id, status: 'resolved' });
    expect(first.body.resolvedAt).not.toBeNull();

    const second = await resolve(open.id);
    expect(second.status).toBe(200);
    expect(second.body.resolvedAt).toBe(first.body.resolvedAt);

    const audit = await auditOf(open.id);
    expect(audit.map((entry) => entry.action)).toEqual(['incident.created', 'incident.resolved']);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await resolve(randomUUID())).status).toBe(404);
    expect((await resolve('not-a-uuid')).status).toBe(404);
  });

  it('keeps partners apart: another partner’s incident is neither listed nor resolvable', async () => {
    const theirs = other.incident;

    const answer = await resolve(theirs.id);
    expect(answer.status).toBe(404);
    expect(await prisma.incident.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({
      status: 'open',
      resolvedAt: null,
    });

    const list = await call<{ items: IncidentJson[] }>(incidentsRoute.GET, '/api/incidents', {
      cookie: admin.cookie,
    });
    expect(list.body.items.map((incident) => incident.id)).not.toContain(theirs.id);

    const theirStatus = await status(otherAdmin);
    expect(theirStatus.body.incidents.map((incident) => incident.id)).toEqual([theirs.id]);
  });

  it('shows every signed-in user the components and incidents, worst status overall', async () => {
    await prisma.incident.updateMany({
      where: { partnerId },
      data: { status: 'resolved', resolvedAt: new Date() },
    });
    const calm = await status(reader);
    expect(calm.status).toBe(200);
    expect(calm.body.status).toBe('operational');
    expect(calm.body.components.map((component) => component.name)).toEqual([
      'database',
      'workers',
      'provisioning',
      'certificates',
    ]);
    for (const component of calm.body.components) {
      expect(component).toEqual({
        name: component.name,
        status: 'operational',
        detail: expect.any(String),
        message: expect.objectContaining({ key: expect.any(String) }),
        changedAt: expect.any(String),
      });
    }

    const opened = (await post({ ...validIncident, impact: 'outage' })).body;
    const stormy = await status(reader);
    expect(stormy.body.status).toBe('outage');
    expect(stormy.body.incidents[0]).toMatchObject({ id: opened.id, status: 'open' });
    expect(stormy.body.incidents.slice(1).every((incident) => incident.status === 'resolved')).toBe(
      true,
    );
    await resolve(opened.id);
  });

  it('reuses a fresh provisioning reading of the refresh and reads live when it is stale', async () => {
    const recordedDetail =
      'In the last hour 9 of 90 provisioning requests failed (10.0%) and 0 jobs ended failed.';
    const recordedMessage = {
      key: 'provisioning',
      values: { failed: 9, requests: 90, percent: '10.0%', jobs: 0 },
    };
    const provisioningOf = async () =>
      (await status(reader)).body.components.find((component) => component.name === 'provisioning');
    const changedAt = new Date(Date.now() - 10 * 60_000);
    await prisma.componentStatus.create({
      data: {
        partnerId,
        component: 'provisioning',
        status: 'degraded',
        detail: recordedDetail,
        detailMessage: recordedMessage,
        changedAt,
        checkedAt: new Date(),
      },
    });
    try {
      expect(await provisioningOf()).toEqual({
        name: 'provisioning',
        status: 'degraded',
        detail: recordedDetail,
        message: recordedMessage,
        changedAt: changedAt.toISOString(),
      });

      await prisma.componentStatus.updateMany({
        where: { partnerId, component: 'provisioning' },
        data: { checkedAt: new Date(Date.now() - 5 * 60_000) },
      });
      const live = await provisioningOf();
      expect(live).toMatchObject({ status: 'operational' });
      expect(new Date(live!.changedAt).getTime()).toBeGreaterThan(changedAt.getTime());
    } finally {
      await prisma.componentStatus.deleteMany({ where: { partnerId } });
    }
  });

  it('serves the same status to the partner’s systems with a bearer token only', async () => {
    const { token } = await issueToken(prisma, { partnerId, scope: 'read' });
    const request = (headers: Record<string, string>) =>
      publicStatusRoute
        .GET(apiRequest('/api/v1/status', { headers }), routeContext({}) as never)
        .then((response) => readAnswer<StatusJson>(response));

    const answer = await request({ authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    expect(answer.body.components).toHaveLength(4);
    // The fields the API document describes, without the hub's own message keys.
    for (const component of answer.body.components) {
      expect(Object.keys(component).sort()).toEqual(['changedAt', 'detail', 'name', 'status']);
    }
    expect(answer.body.incidents.map((incident) => incident.id)).not.toContain(other.incident.id);

    const withCookie = await request({ cookie: admin.cookie });
    expect(withCookie.status).toBe(401);
  });
});
