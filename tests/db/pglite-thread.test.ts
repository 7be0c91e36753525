import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';

import { messages } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from '@/lib/db/database';
import { migrate } from '@/lib/db/migrate';
import { PGliteThread } from '@/lib/db/pglite-thread';
import { Prisma } from '@/lib/generated/prisma/client';

describe('the embedded database on its own thread', () => {
  let thread: PGliteThread;

  beforeAll(async () => {
    thread = new PGliteThread();
    await thread.exec(
      'CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, seen timestamptz)',
    );
  });
  afterAll(async () => thread.close());

  it('answers queries with parameters, as objects or as arrays', async () => {
    await thread.query('INSERT INTO item (id, name) VALUES ($1, $2), ($3, $4)', [1, 'a', 2, 'b']);

    const objects = await thread.query<{ id: number; name: string }>(
      'SELECT id, name FROM item ORDER BY id',
    );
    const arrays = await thread.query('SELECT id, name FROM item ORDER BY id', [], {
      rowMode: 'array',
    });

    expect(objects.rows).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    expect(arrays.rows).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it("applies the caller's parsers to the text of their types, and only to those", async () => {
    const timestamptz = 1184;
    const results = await thread.query<unknown[]>(
      "SELECT '2026-01-02 03:04:05+00'::timestamptz AS at, NULL::timestamptz AS never, 7 AS n",
      [],
      { rowMode: 'array', parsers: { [timestamptz]: (text) => `parsed:${text}` } },
    );

    expect(results.rows).toEqual([['parsed:2026-01-02 03:04:05+00', null, 7]]);
  });

  it("rebuilds the database's errors with their SQLSTATE", async () => {
    const failure = await thread
      .query('INSERT INTO item (id, name) VALUES (1, $1)', ['again'])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(messages.DatabaseError);
    expect(failure).toMatchObject({ code: '23505', constraint: 'item_pkey' });
  });

  it('commits a transaction whose callback returns, and rolls back one that throws', async () => {
    await thread.transaction(async (tx) => {
      await tx.query("INSERT INTO item (id, name) VALUES (10, 'kept')");
    });
    const thrown = await thread
      .transaction(async (tx) => {
        await tx.query("INSERT INTO item (id, name) VALUES (11, 'dropped')");
        throw new Error('changed my mind');
      })
      .catch((error: Error) => error.message);
    await thread.transaction(async (tx) => {
      await tx.query("INSERT INTO item (id, name) VALUES (12, 'rolled back')");
      await tx.rollback();
    });

    const names = await thread.query<{ name: string }>(
      'SELECT name FROM item WHERE id >= 10 ORDER BY id',
    );
    expect(thrown).toBe('changed my mind');
    expect(names.rows).toEqual([{ name: 'kept' }]);
  });

  it('holds statements from outside a transaction until it ends', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));

    const transaction = thread.transaction(async (tx) => {
      await tx.query("INSERT INTO item (id, name) VALUES (20, 'inside')");
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = thread.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM item WHERE id = 20',
    );
    release();

    await transaction;
    expect((await outside).rows).toEqual([{ count: 1 }]);
  });

  it('keeps the calling thread free while a long statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);

    const started = performance.now();
    await thread.query('SELECT count(*) FROM generate_series(1, 3000000)');
    const elapsed = performance.now() - started;
    clearInterval(timer);

    // On the calling thread the timer could not fire at all until the statement finished.
    expect(elapsed).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 10 / 4));
  });

  it('reports a thread that ends on its own as lost and fails what was waiting for it', async () => {
    const doomed = new PGliteThread();
    await doomed.query('SELECT 1');

    const waiting = doomed.query('SELECT pg_sleep(5)');
    // What a crash inside the thread looks like from here: it ends while a statement waits.
    await (doomed as unknown as { worker: Worker }).worker.terminate();

    await expect(waiting).rejects.toThrow(/thread ended/);
    expect((await doomed.lost).message).toMatch(/thread ended/);
    await expect(doomed.query('SELECT 1')).rejects.toThrow(/thread ended/);
  });

  it('does not count a thread that was closed as lost', async () => {
    const closed = new PGliteThread();
    await closed.query('SELECT 1');
    await closed.close();

    const outcome = await Promise.race([
      closed.lost.then(() => 'lost'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200)),
    ]);
    expect(outcome).toBe('still waiting');
  });
});

describe('Prisma and plain SQL over the thread, on disk', () => {
  let dataDir: string;
  let database: Database;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'hub-thread-'));
    database = openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'pglite') });
    await migrate(database.sql);
  });
  afterAll(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('maps a unique violation to Prisma’s P2002 and leaves the first row as it was', async () => {
    const partner = await database.prisma.partner.create({ data: { name: 'First' } });

    const duplicate = await database.prisma.partner
      .create({ data: { id: partner.id, name: 'Second' } })
      .catch((error: unknown) => error);

    expect(duplicate).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((duplicate as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
    const stored = await database.prisma.partner.findUniqueOrThrow({ where: { id: partner.id } });
    expect(stored.name).toBe('First');
    expect(stored.createdAt).toBeInstanceOf(Date);
  });

  it('rolls back an interactive transaction that fails part-way', async () => {
    const failed = await database.prisma
      .$transaction(async (tx) => {
        await tx.partner.create({ data: { name: 'Half done' } });
        await tx.$executeRawUnsafe('SELECT 1/0');
      })
      .catch((error: unknown) => error);

    expect(failed).toBeInstanceOf(Error);
    const rows = await database.sql.query("SELECT 1 FROM partner WHERE name = 'Half done'");
    expect(rows).toEqual([]);
  });

  it('keeps what was written when the database is opened again', async () => {
    await database.prisma.partner.create({ data: { name: 'Durable' } });
    await database.close();

    database = openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'pglite') });
    const found = await database.prisma.partner.findFirst({ where: { name: 'Durable' } });
    expect(found?.name).toBe('Durable');
  });

  it('refuses statements once closed', async () => {
    const closed = openDatabase({ kind: 'pglite' });
    await closed.sql.query('SELECT 1');
    await closed.close();

    await expect(closed.sql.query('SELECT 1')).rejects.toThrow(/ended/);
  });
});
