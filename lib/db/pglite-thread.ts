import path from 'node:path';
import { Worker } from 'node:worker_threads';

import {
  messages,
  type PGlite,
  type QueryOptions,
  type Results,
  type Transaction,
} from '@electric-sql/pglite';

type Parser = (text: string, typeId: number) => unknown;

interface WireOptions {
  rowMode?: 'array' | 'object';
  /** Types whose text comes back as it is, for the parsers kept on this side. */
  unparsedTypes: number[];
}

interface Request {
  op: 'query' | 'exec' | 'close' | 'begin' | 'tx-query' | 'tx-exec' | 'tx-rollback' | 'tx-end';
  sql?: string;
  params?: unknown[];
  options?: WireOptions;
  tx?: number;
  commit?: boolean;
}

interface WireError {
  message: string;
  name?: string;
  database?: boolean;
  fields?: Record<string, unknown>;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: WireError;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

function errorFrom(wire: WireError): Error {
  if (wire.database) {
    const error = new messages.DatabaseError(wire.message, 0, 'error');
    return Object.assign(error, wire.fields);
  }
  return Object.assign(new Error(wire.message), wire.fields, wire.name ? { name: wire.name } : {});
}

function wireOptions(options?: QueryOptions): WireOptions | undefined {
  if (!options) return undefined;
  return {
    rowMode: options.rowMode,
    unparsedTypes: Object.keys(options.parsers ?? {}).map(Number),
  };
}

/** Applies the caller's own parsers to the columns the thread left as text. */
function parsed<T>(results: Results<T>, options?: QueryOptions): Results<T> {
  const parsers = options?.parsers as Record<number, Parser> | undefined;
  if (!parsers) return results;

  const columns = results.fields.flatMap((field, index) => {
    const parse = parsers[field.dataTypeID];
    return parse ? [{ ...field, index, parse }] : [];
  });
  if (columns.length === 0) return results;

  for (const row of results.rows as Record<string | number, unknown>[]) {
    for (const column of columns) {
      const key = options?.rowMode === 'array' ? column.index : column.name;
      const text = row[key];
      if (text !== null && text !== undefined)
        row[key] = column.parse(text as string, column.dataTypeID);
    }
  }
  return results;
}

/**
 * An embedded PostgreSQL on a thread of its own, with the part of PGlite's interface the app
 * uses: queries, scripts and transactions. Statements run there; the main thread only sends
 * them and reads the answers, so it keeps serving requests meanwhile.
 */
export class PGliteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure?: Error;
  private closing = false;
  private reportLoss!: (error: Error) => void;

  /**
   * Settles when the thread has ended without being closed: every statement fails from then on,
   * and only a new process brings the database back.
   */
  readonly lost = new Promise<Error>((resolve) => {
    this.reportLoss = resolve;
  });

  constructor(dataDir?: string) {
    const script = path.join(
      /*turbopackIgnore: true*/ import.meta.dirname,
      'pglite-thread-worker.mjs',
    );
    this.worker = new Worker(script, { workerData: { dataDir } });
    this.worker.unref();

    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => {
      this.failAll(new Error(`the embedded database's thread ended (exit code ${code})`));
      if (!this.closing && this.failure) this.reportLoss(this.failure);
    });
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.send<Results<T>>({ op: 'query', sql, params, options: wireOptions(options) }).then(
      (results) => parsed(results, options),
    );
  }

  async exec(sql: string): Promise<Results[]> {
    await this.send({ op: 'exec', sql });
    return [];
  }

  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = await this.send<number>({ op: 'begin' });
    let closed = false;

    const tx = {
      query: <Row>(sql: string, params?: unknown[], options?: QueryOptions) =>
        this.send<Results<Row>>({
          op: 'tx-query',
          tx: id,
          sql,
          params,
          options: wireOptions(options),
        }).then((results) => parsed(results, options)),
      exec: async (sql: string) => {
        await this.send({ op: 'tx-exec', tx: id, sql });
        return [];
      },
      rollback: async () => {
        closed = true;
        await this.send({ op: 'tx-rollback', tx: id });
      },
      get closed() {
        return closed;
      },
      sql: () => Promise.reject(new Error('tagged templates are not available on this thread')),
      listen: () => Promise.reject(new Error('LISTEN is not available on this thread')),
    } as unknown as Transaction;

    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      closed = true;
      await this.send({ op: 'tx-end', tx: id, commit: false }).catch(() => {});
      throw error;
    }

    closed = true;
    await this.send({ op: 'tx-end', tx: id, commit: true });
    return result;
  }

  async close(): Promise<void> {
    if (this.failure) return;
    this.closing = true;
    await this.send({ op: 'close' });
    await this.worker.terminate();
  }

  /** This object where PGlite's type is expected; only the members above may be used. */
  asPGlite(): PGlite {
    return this as unknown as PGlite;
  }

  private send<T = unknown>(request: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);

    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
    // The thread keeps the process alive only while a statement is waiting for it.
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage({ id, ...request });
    return answer;
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;

    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.error) pending.reject(errorFrom(reply.error));
    else pending.resolve(reply.result);
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
