import { randomBytes } from 'node:crypto';

import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as health from '@/app/api/health/route';
import * as me from '@/app/api/me/route';
import { attemptSignIn, endSessions } from '@/lib/auth/sign-in';
import type { PrismaClient, User } from '@/lib/generated/prisma/client';
import type { UserRole } from '@/lib/generated/prisma/enums';

import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { seedPartner, seedUser, uniqueSuffix } from '../support/seed';

const origin = 'http://localhost:3000';
const password = 'a long enough password';
const noParams = { params: Promise.resolve({}) };

interface ErrorBody {
  message: string;
  errors: { description: string }[];
  trackingId: string;
}

function meRequest(
  options: {
    method?: string;
    cookie?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
) {
  const method = options.method ?? 'GET';
  const changes = method !== 'GET';
  return new NextRequest(`${origin}/api/me`, {
    method,
    headers: {
      host: 'localhost:3000',
      ...(changes ? { origin, 'content-type': 'application/json' } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    body: options.body,
  });
}

describe('session-authenticated API routes', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let partnerId: string;
  let restoreEnv: () => void;
  const secret = randomBytes(36).toString('base64url');

  beforeAll(async () => {
    restoreEnv = setEnv({ NEXTAUTH_SECRET: secret });
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
  });
  afterAll(async () => {
    restoreEnv?.();
    await database?.close();
  });

  /** Signs a new user in for real and returns the cookie a browser would send. */
  async function signedIn(role: UserRole = 'full_admin'): Promise<{ user: User; cookie: string }> {
    const user = await seedUser(prisma, { partnerId, role, password });
    const result = await attemptSignIn(prisma, {
      email: user.email,
      password,
      clientIp: '198.51.100.7',
      trackingId: `test-${uniqueSuffix()}`,
    });
    if (result.outcome !== 'signed_in') throw new Error(`sign-in gave ${result.outcome}`);

    const token = await encode({
      token: {
        sub: result.user.id,
        partnerId: result.user.partnerId,
        sessionVersion: result.user.sessionVersion,
        signedInAt: Math.floor(Date.now() / 1000),
      },
      secret,
    });
    return { user, cookie: `next-auth.session-token=${token}` };
  }

  async function patchLocale(cookie: string, body: unknown) {
    return me.PATCH(meRequest({ method: 'PATCH', cookie, body: JSON.stringify(body) }), noParams);
  }

  it('answers 401 in the error shape, with the TrackingID as header and in the body', async () => {
    const response = await me.GET(meRequest(), noParams);
    const body = (await response.json()) as ErrorBody;

    expect(response.status).toBe(401);
    expect(body).toEqual({
      message: expect.any(String),
      errors: [expect.objectContaining({ description: expect.any(String) })],
      trackingId: expect.stringMatching(/^PHUB_\d{8}_[0-9a-f]{24}$/),
    });
    expect(response.headers.get('TrackingID')).toBe(body.trackingId);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('answers the signed-in user without any secret', async () => {
    const { user, cookie } = await signedIn();

    const response = await me.GET(meRequest({ cookie }), noParams);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      id: user.id,
      email: user.email,
      role: 'full_admin',
      partner: { id: partnerId },
    });
    expect(text).not.toMatch(/hash|argon|sessionVersion/i);
    expect(text).not.toContain(user.passwordHash);
  });

  it('refuses a cookie signed with another secret or naming another partner', async () => {
    const { user } = await signedIn();
    const claims = { sub: user.id, partnerId, sessionVersion: 1, signedInAt: Date.now() / 1000 };
    const foreign = await encode({ token: claims, secret: randomBytes(36).toString('hex') });
    const otherPartner = await encode({
      token: { ...claims, partnerId: (await seedPartner(prisma)).id },
      secret,
    });

    for (const token of [foreign, otherPartner]) {
      const response = await me.GET(
        meRequest({ cookie: `next-auth.session-token=${token}` }),
        noParams,
      );
      expect(response.status).toBe(401);
    }
  });

  it('refuses a copied cookie once the sessions were ended', async () => {
    const { user, cookie } = await signedIn();
    expect((await me.GET(meRequest({ cookie }), noParams)).status).toBe(200);

    await endSessions(prisma, { userId: user.id, reason: 'sign_out' });

    expect((await me.GET(meRequest({ cookie }), noParams)).status).toBe(401);
  });

  it('refuses the session of a user deactivated since', async () => {
    const { user, cookie } = await signedIn();

    await prisma.user.update({ where: { id: user.id }, data: { active: false } });

    expect((await me.GET(meRequest({ cookie }), noParams)).status).toBe(401);
  });

  it('refuses a change from another origin with 403', async () => {
    const { user, cookie } = await signedIn();

    const response = await me.PATCH(
      meRequest({
        method: 'PATCH',
        cookie,
        headers: { origin: 'https://evil.example' },
        body: JSON.stringify({ locale: 'nl' }),
      }),
      noParams,
    );

    expect(response.status).toBe(403);
    expect(await prisma.user.findUnique({ where: { id: user.id } })).toMatchObject({
      locale: 'en',
    });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const { cookie } = await signedIn();

    const response = await me.PATCH(
      meRequest({
        method: 'PATCH',
        cookie,
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ locale: 'nl' }),
      }),
      noParams,
    );

    expect(response.status).toBe(415);
  });

  it('refuses malformed JSON with 400', async () => {
    const { cookie } = await signedIn();

    const response = await me.PATCH(
      meRequest({ method: 'PATCH', cookie, body: '{"locale": "nl"' }),
      noParams,
    );

    expect(response.status).toBe(400);
  });

  it('refuses an unknown locale with 400 naming the field', async () => {
    const { cookie } = await signedIn();

    const response = await patchLocale(cookie, { locale: 'fr' });
    const body = (await response.json()) as ErrorBody;

    expect(response.status).toBe(400);
    expect(body.errors.map((error) => error.description).join(' ')).toMatch(/locale/);
  });

  it('refuses fields the client may not write, and leaves the row unchanged', async () => {
    const { user, cookie } = await signedIn();
    const other = await seedPartner(prisma);
    const before = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });

    const response = await patchLocale(cookie, { locale: 'nl', partnerId: other.id });

    expect(response.status).toBe(400);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
  });

  it('lets a read-only user change their own locale, with one audit entry', async () => {
    const { user, cookie } = await signedIn('read_only');
    const auditBefore = await prisma.auditEntry.count();

    const response = await patchLocale(cookie, { locale: 'nl' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ locale: 'nl' });
    expect(await prisma.user.findUnique({ where: { id: user.id } })).toMatchObject({
      locale: 'nl',
    });
    expect(await prisma.auditEntry.count()).toBe(auditBefore + 1);
    expect(
      await prisma.auditEntry.findMany({
        where: { actorUserId: user.id, action: 'user.preferences_changed' },
      }),
    ).toEqual([
      expect.objectContaining({
        partnerId,
        targetId: user.id,
        outcome: 'success',
        details: { before: { locale: 'en' }, after: { locale: 'nl' } },
      }),
    ]);
  });

  it('answers an unsupported method with 405 and Allow once signed in', async () => {
    const { cookie } = await signedIn();

    const response = await me.POST(meRequest({ method: 'POST', cookie, body: '{}' }));

    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toMatch(/GET.*PATCH/);
  });

  it('answers the liveness probe without credentials', async () => {
    const response = await health.GET(new NextRequest(`${origin}/api/health`));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
