/**
 * The floor the flowthrough endpoint is compared with: plain node:http, the same JSON body,
 * and the same durable write (the subscriber row and its job in one transaction), with no
 * framework, authentication, validation library, ORM or logging.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

import { bareTables } from './bare-tables';

type Query = (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>;
type InTransaction = <T>(work: (query: Query) => Promise<T>) => Promise<T>;

const port = Number(process.env.PORT);
const target = process.env.BENCH_BARE_TARGET ?? '';
const partnerId = randomUUID();
const templateId = randomUUID();
const maxBodyBytes = 64 * 1024;

function openStore(): { inTransaction: InTransaction; close: () => Promise<void> } {
  if (process.env.BENCH_BARE_DATABASE === 'postgres') {
    // The app's default pool size, so both hold the same number of connections.
    const pool = new pg.Pool({ connectionString: target, max: 10 });
    return {
      async inTransaction(work) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work((sql, params) => client.query(sql, params));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }

  const db = new PGlite(target, { extensions: { pg_trgm } });
  return {
    inTransaction: (work) => db.transaction((tx) => work((sql, params) => tx.query(sql, params))),
    close: () => db.close(),
  };
}

const store = openStore();

const insertSubscriber = `
  INSERT INTO ${bareTables.subscriber}
    (id, partner_id, template_id, user_id, sp_enterprise_id, first_name, last_name, email,
     package, change_sequence, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'standard', 1, now())
  ON CONFLICT DO NOTHING
  RETURNING id`;

const insertJob = `
  INSERT INTO ${bareTables.job} (partner_id, kind, payload, dedupe_key, updated_at)
  VALUES ($1, 'subscriber.provision', $2, $3, now())
  ON CONFLICT DO NOTHING`;

interface AddUser {
  userId: string;
  enterpriseId: string;
  firstName: string;
  lastName: string;
  email?: string;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

async function accept(user: AddUser): Promise<string> {
  const id = randomUUID();

  return store.inTransaction(async (query) => {
    const inserted = await query(insertSubscriber, [
      id,
      partnerId,
      templateId,
      user.userId,
      user.enterpriseId,
      user.firstName,
      user.lastName,
      user.email ?? null,
    ]);
    if (inserted.rows.length > 0) {
      await query(insertJob, [
        partnerId,
        JSON.stringify({ subscriberId: id }),
        `subscriber:${id}:change:1`,
      ]);
    }
    return id;
  });
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'POST') return answer(response, 200, { status: 'ready' });

  let user: AddUser | undefined;
  try {
    user = (JSON.parse(await readBody(request)) as { user?: AddUser }).user;
  } catch {
    return answer(response, 400, { message: 'The body is not valid JSON.' });
  }
  if (typeof user?.userId !== 'string' || typeof user.enterpriseId !== 'string') {
    return answer(response, 400, { message: 'The request is not valid.' });
  }

  const subscriberId = await accept(user);
  answer(response, 202, { status: 'accepted', subscriberId, trackingId: randomUUID() });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    if (!response.headersSent) answer(response, 500, { message: 'internal error' });
  });
});
server.listen(port, '127.0.0.1');

const stop = () => {
  server.close(() => void store.close().finally(() => process.exit(0)));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
