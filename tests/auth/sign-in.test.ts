import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { attemptSignIn, endSessions, type SignInAttempt } from '@/lib/auth/sign-in';
import type { PrismaClient, User } from '@/lib/generated/prisma/client';

import { createTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import { seedPartner, seedUser, uniqueSuffix } from '../support/seed';

const password = 'correct horse battery';

let clientCounter = 0;
const newClientIp = () => `192.0.2.${++clientCounter}`;

describe('attemptSignIn', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let partnerId: string;
  let user: User;
  let clientIp: string;
  const restoreEnv: (() => void)[] = [];
  const env = (values: Record<string, string | undefined>) => restoreEnv.push(setEnv(values));

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
  });
  afterAll(async () => database?.close());

  beforeEach(async () => {
    env({
      SIGNIN_MAX_FAILURES: undefined,
      SIGNIN_MAX_FAILURES_PER_ADDRESS: undefined,
      SIGNIN_WINDOW_SECONDS: undefined,
    });
    user = await seedUser(prisma, { partnerId, password });
    clientIp = newClientIp();
  });
  afterEach(() => {
    for (const restore of restoreEnv.splice(0).reverse()) restore();
  });

  const signIn = (attempt: Partial<SignInAttempt> = {}) =>
    attemptSignIn(prisma, {
      email: user.email,
      password,
      clientIp,
      trackingId: `test-${uniqueSuffix()}`,
      ...attempt,
    });

  const auditOf = (trackingId: string) => prisma.auditEntry.findMany({ where: { trackingId } });

  it('stores the password as an argon2id hash', () => {
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(password);
  });

  it('signs in with the right password and audits the success', async () => {
    const result = await signIn({ email: ` ${user.email.toUpperCase()} `, trackingId: 'ok-1' });

    expect(result).toEqual({
      outcome: 'signed_in',
      user: { id: user.id, partnerId, sessionVersion: user.sessionVersion },
    });
    expect(await auditOf('ok-1')).toEqual([
      expect.objectContaining({
        partnerId,
        actorUserId: user.id,
        action: 'sign_in',
        outcome: 'success',
        clientIp,
      }),
    ]);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lastSignInAt).toBeInstanceOf(Date);
  });

  it.each([
    ['an unknown account', 'unknown_account'],
    ['a wrong password', 'wrong_password'],
    ['a deactivated account', 'deactivated'],
  ])('gives the same answer for %s and audits the failure', async (_case, reason) => {
    if (reason === 'deactivated') {
      await prisma.user.update({ where: { id: user.id }, data: { active: false } });
    }
    const trackingId = `fail-${reason}`;

    const result = await signIn({
      email: reason === 'unknown_account' ? `nobody-${uniqueSuffix()}@partner.example` : user.email,
      password: reason === 'wrong_password' ? 'not the password' : password,
      trackingId,
    });

    expect(result).toEqual({ outcome: 'invalid' });
    expect(await auditOf(trackingId)).toEqual([
      expect.objectContaining({
        partnerId: reason === 'unknown_account' ? null : partnerId,
        action: 'sign_in',
        outcome: 'failure',
        details: { reason },
      }),
    ]);
  });

  it('locks the account after too many failures, even for the right password', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await signIn({ password: 'not the password' })).toEqual({ outcome: 'invalid' });
    }

    const result = await signIn({ trackingId: 'locked-1' });

    expect(result).toMatchObject({ outcome: 'locked', until: expect.any(Date) });
    expect(await auditOf('locked-1')).toEqual([
      expect.objectContaining({ outcome: 'failure', details: { reason: 'locked' } }),
    ]);
  });

  it('counts failures for an account from every client address', async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      await signIn({ password: 'not the password' });
    }
    await signIn({ password: 'not the password', clientIp: newClientIp() });

    expect(await signIn({ clientIp: newClientIp() })).toMatchObject({ outcome: 'locked' });
  });

  it('locks a client address that fails for many accounts, but not other addresses', async () => {
    env({ SIGNIN_MAX_FAILURES_PER_ADDRESS: '3' });
    for (let attempt = 0; attempt < 3; attempt++) {
      await signIn({ email: `guess-${attempt}-${uniqueSuffix()}@partner.example` });
    }

    expect(await signIn()).toMatchObject({ outcome: 'locked' });
    expect(await signIn({ clientIp: newClientIp() })).toMatchObject({ outcome: 'signed_in' });
  });

  it('forgets an account’s failures after a successful sign-in', async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      await signIn({ password: 'not the password', clientIp: newClientIp() });
    }
    expect(await signIn()).toMatchObject({ outcome: 'signed_in' });

    for (let attempt = 0; attempt < 4; attempt++) {
      await signIn({ password: 'not the password', clientIp: newClientIp() });
    }
    expect(await signIn()).toMatchObject({ outcome: 'signed_in' });
  });

  it('lifts the lock once the failures have left the window', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      await signIn({ password: 'not the password' });
    }
    expect(await signIn()).toMatchObject({ outcome: 'locked' });

    // Shrinking the window afterwards keeps the test independent of how long the failures took.
    env({ SIGNIN_WINDOW_SECONDS: '1' });
    const latest = await prisma.signInFailure.findFirst({
      where: { key: `account:${user.email}` },
      orderBy: { createdAt: 'desc' },
    });
    await sleep(Math.max(0, latest!.createdAt.getTime() + 1_100 - Date.now()));

    expect(await signIn()).toMatchObject({ outcome: 'signed_in' });
  });

  it('ends every session by moving the session version, and audits it', async () => {
    await endSessions(prisma, { userId: user.id, reason: 'sign_out', trackingId: 'out-1' });

    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
    expect(await auditOf('out-1')).toEqual([
      expect.objectContaining({
        partnerId,
        actorUserId: user.id,
        action: 'sign_out',
        targetId: user.id,
        outcome: 'success',
      }),
    ]);
  });
});
