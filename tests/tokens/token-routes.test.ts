import { createHash, randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as tokenRoute from '@/app/api/tokens/[id]/route';
import * as tokensRoute from '@/app/api/tokens/route';
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
import { callPublicApi } from '../support/public-api';
import { seedPartner, seedPartnerData } from '../support/seed';

interface TokenJson {
  id: string;
  name: string;
  scope: 'read' | 'write';
  tokenPrefix: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

interface CreatedTokenJson extends TokenJson {
  token: string;
}

const day = 86_400_000;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('API token routes', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreEnv: () => void;
  let partnerId: string;
  let admin: SignedIn;
  let reader: SignedIn;
  let other: Awaited<ReturnType<typeof seedPartnerData>>;

  beforeAll(async () => {
    restoreEnv = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;
    partnerId = (await seedPartner(prisma)).id;
    admin = await signInAs(prisma, { partnerId });
    reader = await signInAs(prisma, { partnerId, role: 'read_only' });
    other = await seedPartnerData(prisma);
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
    const path = id === undefined ? '/api/tokens' : `/api/tokens/${id}`;

    return readAnswer<Body>(
      await handler(apiRequest(path, request), routeContext({ id: id ?? '' })),
    );
  }

  const create = (body: unknown, who: SignedIn = admin) =>
    call<CreatedTokenJson>(tokensRoute.POST, { method: 'POST', cookie: who.cookie, body });

  const list = (who: SignedIn = admin) =>
    call<{ items: TokenJson[] }>(tokensRoute.GET, { cookie: who.cookie });

  const revoke = (id: string, who: SignedIn = admin) =>
    call<TokenJson>(tokenRoute.DELETE, { method: 'DELETE', id, cookie: who.cookie });

  const revocationAudits = (tokenId: string) =>
    prisma.auditEntry.count({ where: { action: 'api_token.revoked', targetId: tokenId } });

  it('shows a new token once, with at least 128 random bits behind its prefix', async () => {
    const before = Date.now();

    const answer = await create({ name: 'Billing system', scope: 'write', expiresInDays: 90 });

    expect(answer.status).toBe(201);
    const { token, ...shown } = answer.body;
    expect(token).toMatch(/^phub_[A-Za-z0-9_-]+$/);
    const randomPart = Buffer.from(token.slice('phub_'.length), 'base64url');
    expect(randomPart.length * 8).toBeGreaterThanOrEqual(128);
    expect(token.startsWith(shown.tokenPrefix)).toBe(true);
    expect(shown.tokenPrefix.length).toBeLessThan(token.length - 16);
    expect(shown).toMatchObject({ name: 'Billing system', scope: 'write', revokedAt: null });
    const lifetime = Date.parse(shown.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(90 * day - 60_000);
    expect(lifetime).toBeLessThan(90 * day + 60_000);
    expect(answer.text).not.toContain('tokenHash');
    expect(answer.text).not.toContain(sha256(token));

    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: shown.id } });
    expect(row).toMatchObject({ partnerId, createdByUserId: admin.user.id, scope: 'write' });
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(
      await prisma.auditEntry.count({ where: { action: 'api_token.created', targetId: row.id } }),
    ).toBe(1);
  });

  it('never lists a token nor its hash, also not to the admin who created it', async () => {
    const created = await create({ name: 'Listed', scope: 'read', expiresInDays: 7 });
    const { token } = created.body;

    for (const who of [admin, reader]) {
      const answer = await list(who);

      expect(answer.status).toBe(200);
      const listed = answer.body.items.find((item) => item.id === created.body.id);
      expect(listed).toMatchObject({
        name: 'Listed',
        scope: 'read',
        tokenPrefix: token.slice(0, 11),
      });
      expect(answer.text).not.toContain(token);
      expect(answer.text).not.toContain(token.slice(11));
      expect(answer.text).not.toContain(sha256(token));
      expect(answer.text).not.toContain('tokenHash');
      expect(Object.keys(listed!)).not.toContain('token');
    }
  });

  it('lists only the tokens of the caller’s own partner', async () => {
    const answer = await list();

    expect(answer.status).toBe(200);
    expect(answer.body.items.length).toBeGreaterThan(0);
    expect(answer.body.items.map((item) => item.id)).not.toContain(other.apiToken.id);
    expect(answer.text).not.toContain(other.apiToken.name);
  });

  it('refuses support staff: no token is created or revoked', async () => {
    const existing = await create({ name: 'Kept', scope: 'read', expiresInDays: 30 });
    const countBefore = await prisma.apiToken.count();

    const created = await create({ name: 'By support', scope: 'write', expiresInDays: 30 }, reader);
    const revoked = await revoke(existing.body.id, reader);

    expect(created.status).toBe(403);
    expect(revoked.status).toBe(403);
    expect(created.error.trackingId).toBeTruthy();
    expect(await prisma.apiToken.count()).toBe(countBefore);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: existing.body.id } });
    expect(row.revokedAt).toBeNull();
    expect(await revocationAudits(existing.body.id)).toBe(0);
  });

  it('answers 401 to a caller without a session', async () => {
    const answers = [
      await call(tokensRoute.GET),
      await call(tokensRoute.POST, {
        method: 'POST',
        body: { name: 'Anonymous', scope: 'write', expiresInDays: 7 },
      }),
      await call(tokenRoute.DELETE, { method: 'DELETE', id: other.apiToken.id }),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(await prisma.apiToken.count({ where: { name: 'Anonymous' } })).toBe(0);
  });

  it('answers 404 for another partner’s token and leaves it alone', async () => {
    const answer = await revoke(other.apiToken.id);

    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain(other.apiToken.name);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: other.apiToken.id } });
    expect(row.revokedAt).toBeNull();
    expect(await revocationAudits(other.apiToken.id)).toBe(0);
  });

  it('answers 404 for an id that is unknown or not an id at all', async () => {
    expect((await revoke(randomUUID())).status).toBe(404);
    expect((await revoke('not-a-uuid')).status).toBe(404);
  });

  it('revokes a token once: it stops working and one audit entry is written', async () => {
    const created = await create({ name: 'To revoke', scope: 'read', expiresInDays: 30 });
    const { token, id } = created.body;
    expect((await callPublicApi('/api/v1/broadworks/subscribers', { token })).status).toBe(200);

    const first = await revoke(id);
    const again = await revoke(id);

    expect(first.status).toBe(200);
    expect(first.body.revokedAt).not.toBeNull();
    expect(first.text).not.toContain(token);
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(first.body.revokedAt);
    expect(await revocationAudits(id)).toBe(1);
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { action: 'api_token.revoked', targetId: id },
    });
    expect(entry).toMatchObject({ partnerId, actorUserId: admin.user.id, outcome: 'success' });
    expect(entry.trackingId).toBe(first.trackingId);
    expect((await callPublicApi('/api/v1/broadworks/subscribers', { token })).status).toBe(401);

    const listed = (await list()).body.items.find((item) => item.id === id);
    expect(listed?.revokedAt).toBe(first.body.revokedAt);
  });

  it('names each invalid field and creates nothing', async () => {
    const countBefore = await prisma.apiToken.count();

    const answer = await create({ name: '  ', scope: 'admin', expiresInDays: 14 });
    const unknownField = await create({
      name: 'With partner',
      scope: 'write',
      expiresInDays: 30,
      partnerId: other.partner.id,
    });
    const fractional = await create({ name: 'Fraction', scope: 'read', expiresInDays: 30.5 });
    const missing = await create({});

    expect(answer.status).toBe(400);
    for (const field of ['name', 'scope', 'expiresInDays']) {
      expect(namesField(answer.error, field), field).toBe(true);
    }
    expect(unknownField.status).toBe(400);
    expect(namesField(unknownField.error, 'partnerId')).toBe(true);
    expect(fractional.status).toBe(400);
    expect(namesField(fractional.error, 'expiresInDays')).toBe(true);
    expect(missing.status).toBe(400);
    for (const field of ['name', 'scope', 'expiresInDays']) {
      expect(namesField(missing.error, field), field).toBe(true);
    }
    expect(await prisma.apiToken.count()).toBe(countBefore);
    expect(await prisma.apiToken.count({ where: { partnerId: other.partner.id } })).toBe(1);
  });

  it('accepts each offered lifetime', async () => {
    for (const expiresInDays of [7, 30, 90, 180, 365]) {
      const answer = await create({
        name: `Lifetime ${expiresInDays}`,
        scope: 'read',
        expiresInDays,
      });

      expect(answer.status, String(expiresInDays)).toBe(201);
    }
  });
});
