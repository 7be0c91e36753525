// The embedded database's own thread. PostgreSQL compiled to WebAssembly runs every statement
// synchronously, so on the app's main thread it would stall request handling for as long as
// each statement takes. Here it runs beside the main thread, which talks to it by messages
// (see pglite-thread.ts). Plain JavaScript, so that any runtime can start it as it is.
import { parentPort, workerData } from 'node:worker_threads';

import { messages, PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

const db = new PGlite({ dataDir: workerData.dataDir, extensions: { pg_trgm } });

/** Open transactions by id: each runs its statements one after another, in arrival order. */
const transactions = new Map();
let nextTransactionId = 1;

// Types whose text the caller parses itself: their parsers are functions and stay on its side.
const unparsedByKey = new Map();
const keepText = (text) => text;

function optionsOf(wire) {
  if (!wire) return undefined;

  const key = wire.unparsedTypes.join(',');
  let parsers = unparsedByKey.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(wire.unparsedTypes.map((type) => [type, keepText]));
    unparsedByKey.set(key, parsers);
  }
  return { rowMode: wire.rowMode, parsers };
}

function errorOf(error) {
  if (!(error instanceof Error)) return { message: String(error) };

  // Only plain values: PGlite attaches the query's options, parser functions included.
  const fields = {};
  for (const [name, value] of Object.entries(error)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[name] = value;
  }
  return {
    message: error.message,
    name: error.name,
    database: error instanceof messages.DatabaseError,
    fields,
  };
}

const rolledBackByCaller = new Error('rolled back by its caller');

function beginTransaction(reply) {
  const id = nextTransactionId++;
  const transaction = { tx: undefined, queue: Promise.resolve(), finish: undefined };
  const finished = new Promise((resolve) => (transaction.finish = resolve));

  transaction.ended = db.transaction(async (tx) => {
    transaction.tx = tx;
    transactions.set(id, transaction);
    reply({ result: id });

    // Throwing makes PGlite roll back; returning makes it commit unless already rolled back.
    const { commit } = await finished;
    if (!commit) throw rolledBackByCaller;
  });

  transaction.ended.catch((error) => {
    if (!transactions.has(id)) reply({ error: errorOf(error) });
  });
}

function endTransaction(request, reply) {
  const transaction = transactions.get(request.tx);
  if (!transaction) return reply({ error: { message: 'the transaction has ended' } });

  transaction.queue
    .then(() => {
      transaction.finish({ commit: request.commit });
      return transaction.ended;
    })
    .then(
      () => reply({ result: null }),
      (error) => reply(error === rolledBackByCaller ? { result: null } : { error: errorOf(error) }),
    )
    .finally(() => transactions.delete(request.tx));
}

async function run(request) {
  switch (request.op) {
    case 'query':
      return { result: await db.query(request.sql, request.params, optionsOf(request.options)) };
    case 'exec':
      await db.exec(request.sql);
      return { result: null };
    case 'close':
      await db.close();
      return { result: null };
    default:
      throw new Error(`unknown operation ${request.op}`);
  }
}

function inTransaction(request) {
  const transaction = transactions.get(request.tx);
  if (!transaction) return Promise.resolve({ error: { message: 'the transaction has ended' } });

  const step = transaction.queue.then(async () => {
    switch (request.op) {
      case 'tx-query':
        return {
          result: await transaction.tx.query(
            request.sql,
            request.params,
            optionsOf(request.options),
          ),
        };
      case 'tx-exec':
        await transaction.tx.exec(request.sql);
        return { result: null };
      case 'tx-rollback':
        await transaction.tx.rollback();
        return { result: null };
      default:
        throw new Error(`unknown operation ${request.op}`);
    }
  });
  transaction.queue = step.catch(() => {});
  return step;
}

parentPort.on('message', (request) => {
  const reply = (answer) => {
    try {
      parentPort.postMessage({ id: request.id, ...answer });
    } catch (error) {
      // An answer that cannot cross threads must still end the caller's wait.
      parentPort.postMessage({ id: request.id, error: { message: String(error) } });
    }
  };

  if (request.op === 'begin') return beginTransaction(reply);
  if (request.op === 'tx-end') return endTransaction(request, reply);

  const work = request.op.startsWith('tx-') ? inTransaction(request) : run(request);
  work.then(reply, (error) => reply({ error: errorOf(error) }));
});
