import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { verifyPassword } from '@/lib/auth/password';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ConfigurationError, resolveAuthSecret } from '@/lib/system/auth-secret';
import { ensureFirstAdmin } from '@/lib/system/first-admin';

import { createTestDatabase, type TestDatabase } from '../support/database';

const repositoryRoot = path.resolve(import.meta.dirname, '../..');
const strongSecret = 'kT3v9QeXw2LmZr7bYp4NcHs8JdFg6UaE';

describe('resolveAuthSecret', () => {
  let dataRoot: string;

  beforeAll(() => {
    dataRoot = mkdtempSync(path.join(tmpdir(), 'hub-secret-'));
  });
  afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

  const resolve = (options: Partial<Parameters<typeof resolveAuthSecret>[0]>) =>
    resolveAuthSecret({
      configured: undefined,
      production: true,
      sharedDatabase: false,
      dataDir: path.join(dataRoot, 'unused'),
      ...options,
    });

  it.each([['too short'], ['a'.repeat(48)], ['abababababababababababababababab']])(
    'refuses the weak configured secret %j',
    (configured) => {
      expect(() => resolve({ configured })).toThrow(ConfigurationError);
    },
  );

  it('accepts a strong configured secret as it is', () => {
    expect(resolve({ configured: strongSecret, sharedDatabase: true })).toBe(strongSecret);
  });

  it('refuses to run without a secret in production on a shared database', () => {
    expect(() => resolve({ sharedDatabase: true })).toThrow(ConfigurationError);
    expect(() => resolve({ configured: '', sharedDatabase: true })).toThrow(/NEXTAUTH_SECRET/);
  });

  it('generates a secret for the embedded database once and keeps it private', () => {
    const dataDir = path.join(dataRoot, 'embedded', 'data');

    const first = resolve({ dataDir });
    const second = resolve({ dataDir, production: false });

    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(new Set(first).size).toBeGreaterThan(8);
    expect(second).toBe(first);
    const file = path.join(dataDir, 'auth-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('ensureFirstAdmin', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = database.prisma;
  });
  afterAll(async () => database?.close());

  beforeEach(async () => {
    await database.sql.exec('TRUNCATE TABLE partner, sign_in_failure CASCADE');
  });

  it('creates one partner and its full admin with a generated password, once', async () => {
    const result = await ensureFirstAdmin(prisma, {});

    expect(result).toMatchObject({ created: true, email: expect.any(String) });
    expect(result.generatedPassword?.length).toBeGreaterThanOrEqual(20);
    const users = await prisma.user.findMany();
    expect(await prisma.partner.count()).toBe(1);
    expect(users).toEqual([expect.objectContaining({ email: result.email, role: 'full_admin' })]);
    expect(users[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(users[0]!.passwordHash, result.generatedPassword!)).toBe(true);
    expect(await prisma.auditEntry.count({ where: { action: 'first_admin_created' } })).toBe(1);

    expect(await ensureFirstAdmin(prisma, {})).toEqual({ created: false });
    expect(await prisma.partner.count()).toBe(1);
    expect(await prisma.user.count()).toBe(1);
  });

  it('uses ADMIN_EMAIL and ADMIN_PASSWORD when given, and shows no password', async () => {
    const password = 'a chosen admin password';

    const result = await ensureFirstAdmin(prisma, {
      email: ' Root@Partner.Example ',
      password,
      partnerName: 'Acme Telecom',
    });

    expect(result).toEqual({ created: true, email: 'root@partner.example' });
    const user = await prisma.user.findUniqueOrThrow({
      where: { email: 'root@partner.example' },
      include: { partner: true },
    });
    expect(user.partner.name).toBe('Acme Telecom');
    expect(await verifyPassword(user.passwordHash, password)).toBe(true);
  });

  it('refuses an ADMIN_PASSWORD shorter than 12 characters and creates nothing', async () => {
    await expect(ensureFirstAdmin(prisma, { password: 'short-pass1' })).rejects.toThrow(
      ConfigurationError,
    );

    expect(await prisma.partner.count()).toBe(0);
  });

  it('creates only one first admin when two instances start together', async () => {
    const results = await Promise.all([ensureFirstAdmin(prisma, {}), ensureFirstAdmin(prisma, {})]);

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await prisma.partner.count()).toBe(1);
  });
});

describe('the server', () => {
  it('exits in production without NEXTAUTH_SECRET, before it uses the database', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://127.0.0.1:1/none',
    };
    delete env.NEXTAUTH_SECRET;
    delete env.NEXTAUTH_DEBUG;

    const child = spawn('npx', ['tsx', 'server.ts'], { cwd: repositoryRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);

    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(killer);

    expect({ code, stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/NEXTAUTH_SECRET/) });
    expect(stderr).not.toMatch(/ECONNREFUSED|\n\s+at /);
    expect(stdout).not.toMatch(/ready/);
  }, 30_000);
});
