import { Writable } from 'node:stream';

import { NextRequest } from 'next/server';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { openDatabase } from '@/lib/db/database';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { errorResponse, runRoute, toAppError } from '@/lib/http/api-route';
import { errorBody } from '@/lib/http/errors';

import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedPartner, seedUser } from '../support/seed';

/** What a thrown value makes of the response, as the client reads it. */
async function answerTo(error: unknown) {
  const response = errorResponse(toAppError(error), 'PHUB_20260101_000000000000000000000000');
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the database call to fail');
}

describe('toAppError', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = database.prisma;
  });
  afterAll(async () => database?.close());

  it('turns a validation error into 400 naming each field', async () => {
    const schema = z.strictObject({ email: z.email(), role: z.enum(['full_admin', 'read_only']) });
    const result = schema.safeParse({ email: 'not an address', role: 'owner' });

    const mapped = toAppError(result.error);
    const descriptions = errorBody(mapped, 'id').errors.map((error) => error.description);

    expect(mapped.status).toBe(400);
    expect(descriptions).toEqual([
      expect.stringMatching(/^email\b/),
      expect.stringMatching(/^role\b/),
    ]);
  });

  it('turns a unique constraint violation from the database into 409', async () => {
    const partner = await seedPartner(prisma);
    const user = await seedUser(prisma, { partnerId: partner.id });
    const error = await rejectionOf(
      prisma.user.create({
        data: { ...user, id: undefined, name: 'Twin' },
      }),
    );

    expect(error).toMatchObject({ code: 'P2002' });
    const answer = await answerTo(error);
    expect(answer.status).toBe(409);
    expect(answer.text).not.toContain('partner_user');
  });

  it('turns a missing row into 404', async () => {
    const error = await rejectionOf(
      prisma.partner.update({
        where: { id: '00000000-0000-4000-8000-000000000000' },
        data: { name: 'Nobody' },
      }),
    );

    expect((await answerTo(error)).status).toBe(404);
  });

  it('turns an unreachable database into 503 with Retry-After', async () => {
    const unreachable = openDatabase({
      kind: 'postgres',
      url: 'postgresql://hub@127.0.0.1:1/none',
    });
    const error = await rejectionOf(unreachable.prisma.partner.count());
    await unreachable.close();

    const answer = await answerTo(error);

    expect(answer.status).toBe(503);
    expect(answer.headers.get('Retry-After')).toBe('5');
  });

  it('hides an unexpected error behind 500 and logs it with the TrackingID', async () => {
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const loggerSlot = Symbol.for('partner-hub.logger');
    const holder = globalThis as Record<symbol, unknown>;
    const previousLogger = holder[loggerSlot];
    holder[loggerSlot] = pino(capture);

    const error = new Error('SELECT secret FROM x');
    const response = await runRoute(new NextRequest('http://localhost:3000/api/boom'), () =>
      Promise.reject(error),
    );
    holder[loggerSlot] = previousLogger;
    const text = await response.text();
    const body = JSON.parse(text);

    expect(response.status).toBe(500);
    expect(body).toEqual({
      message: expect.any(String),
      errors: [{ description: expect.any(String) }],
      trackingId: response.headers.get('TrackingID'),
    });
    expect(text).not.toMatch(/SELECT|secret|errors\.test|\bat\s/);
    expect(lines.join('')).toContain(body.trackingId);
    expect(lines.join('')).toContain('SELECT secret FROM x');
  });
});
