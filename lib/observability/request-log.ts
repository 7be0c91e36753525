import type { SqlConnection } from '@/lib/db/driver';

import { logger } from './logger';
import type { RequestContext } from './request-context';

/** Data exceptions (22) and integrity violations (23): the row is wrong, not the database. */
function isRowError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** One answered request as the request log table keeps it. */
export interface RequestLogRow {
  trackingId: string;
  partnerId?: string;
  userId?: string;
  credential?: string;
  templateId?: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  errorCode?: string;
  clientIp?: string;
  createdAt: Date;
}

export interface RequestLogOptions {
  /** How long a row may wait in memory before it is written. */
  flushEveryMs?: number;
  /** Rows per INSERT; a full batch is written at once instead of waiting for the timer. */
  batchSize?: number;
  /** Rows kept while the database cannot take them; the oldest go first beyond this. */
  maxBuffered?: number;
  /** How often, at most, a warning about dropped rows is logged. */
  warnEveryMs?: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Static files and icons say nothing about what a partner did; they are not recorded. */
export function isRecordedRoute(route: string | undefined): boolean {
  return !(
    route === undefined ||
    route.startsWith('/_next/') ||
    route === '/favicon.ico' ||
    /^\/(icon|apple-icon)(\.[a-z]+)?$/.test(route)
  );
}

const clip = (value: string | undefined, length: number) =>
  value === undefined || value === '' ? null : value.slice(0, length);

const uuidOrNull = (value: string | undefined) =>
  value !== undefined && uuidPattern.test(value) ? value : null;

/** The row of a finished request, from what its context learned while it ran. */
export function requestLogRow(
  request: { method?: string; route?: string; status: number; durationMs: number },
  context: RequestContext,
  createdAt = new Date(),
): RequestLogRow {
  return {
    method: request.method ?? 'GET',
    route: request.route ?? '/',
    status: request.status,
    durationMs: request.durationMs,
    trackingId: context.trackingId,
    partnerId: context.partnerId,
    userId: context.userId,
    credential: context.credential,
    templateId: context.templateId,
    errorCode: context.errorCode,
    clientIp: context.clientIp,
    createdAt,
  };
}

// One statement text whatever the batch size: the rows travel as one array per column.
const insertStatement = `
  INSERT INTO "request_log" (tracking_id, partner_id, user_id, credential, template_id, method,
                             route, status, duration_ms, error_code, client_ip, created_at)
  SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::uuid[], $4::varchar[], $5::uuid[],
                       $6::varchar[], $7::varchar[], $8::int[], $9::int[], $10::varchar[],
                       $11::varchar[], $12::timestamptz[])`;

function columnsOf(rows: RequestLogRow[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 12 }, () => []);
  for (const row of rows) {
    columns[0]!.push(row.trackingId.slice(0, 64));
    columns[1]!.push(uuidOrNull(row.partnerId));
    columns[2]!.push(uuidOrNull(row.userId));
    columns[3]!.push(clip(row.credential, 120));
    columns[4]!.push(uuidOrNull(row.templateId));
    columns[5]!.push(row.method.slice(0, 10));
    columns[6]!.push(row.route.slice(0, 300));
    columns[7]!.push(row.status);
    columns[8]!.push(Math.min(Math.max(Math.round(row.durationMs), 0), 2_147_483_647));
    columns[9]!.push(clip(row.errorCode, 80));
    columns[10]!.push(clip(row.clientIp, 64));
    columns[11]!.push(row.createdAt.toISOString());
  }
  return columns;
}

/**
 * Keeps answered requests in memory and writes them in batches, one INSERT per batch, so
 * that recording a request costs no database round trip of its own. While the database is
 * away the rows wait, up to a bound; beyond it the oldest are dropped and counted.
 */
export class RequestLogWriter {
  private buffer: RequestLogRow[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private droppedSinceWarning = 0;
  private lastWarning = 0;
  private lastFailureWarning = 0;
  private retryAfter = 0;
  private readonly flushEveryMs: number;
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly warnEveryMs: number;

  /** Rows dropped since the writer started, because the buffer was full. */
  dropped = 0;
  /** Rows written since the writer started. */
  written = 0;

  constructor(
    private readonly sql: Pick<SqlConnection, 'query'>,
    options: RequestLogOptions = {},
  ) {
    this.flushEveryMs = options.flushEveryMs ?? 500;
    this.batchSize = options.batchSize ?? 500;
    this.maxBuffered = options.maxBuffered ?? 20_000;
    this.warnEveryMs = options.warnEveryMs ?? 10_000;
  }

  get pending(): number {
    return this.buffer.length;
  }

  start(): this {
    this.timer ??= setInterval(() => void this.flush(), this.flushEveryMs);
    // The timer alone must not keep a process alive that has nothing else to do.
    this.timer.unref();
    return this;
  }

  record(row: RequestLogRow): void {
    this.buffer.push(row);
    if (this.buffer.length > this.maxBuffered) this.drop(this.buffer.length - this.maxBuffered);
    if (this.buffer.length >= this.batchSize && !this.flushing && Date.now() >= this.retryAfter) {
      void this.flush();
    }
  }

  /** Writes what is buffered, a batch at a time; one flush runs at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.writeBatches().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops the timer and writes what is left; rows the database refuses now are given up. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }

  private async writeBatches(): Promise<void> {
    // What was buffered when the flush began, then only full batches: rows that arrive during a
    // write wait for the next tick rather than follow it in a stream of small inserts.
    let owed = this.buffer.length;
    while (this.buffer.length > 0 && (owed > 0 || this.buffer.length >= this.batchSize)) {
      const batch = this.buffer.splice(0, this.batchSize);
      owed -= batch.length;
      const unwritten = await this.write(batch);
      if (unwritten.rows.length === 0) continue;

      // Back to the front, in order, for the next tick; the bound still holds.
      this.buffer.unshift(...unwritten.rows);
      if (this.buffer.length > this.maxBuffered) {
        this.drop(this.buffer.length - this.maxBuffered);
      }
      // A full buffer must not hammer a database that is down: wait for the next tick.
      const now = Date.now();
      this.retryAfter = now + this.flushEveryMs;
      if (now - this.lastFailureWarning >= this.warnEveryMs) {
        logger().warn(
          { err: unwritten.error, pending: this.buffer.length },
          'writing the request log failed; will retry',
        );
        this.lastFailureWarning = now;
      }
      return;
    }
  }

  /** Writes a batch; answers the rows left unwritten because the database is unreachable. */
  private async write(batch: RequestLogRow[]): Promise<{ rows: RequestLogRow[]; error?: unknown }> {
    try {
      await this.sql.query(insertStatement, columnsOf(batch));
      this.written += batch.length;
      return { rows: [] };
    } catch (error) {
      if (!isRowError(error)) return { rows: batch, error };
    }

    // A row the database refuses, such as one naming a partner deleted meanwhile, must not
    // hold up the rows behind it: the batch goes row by row and only refused rows are lost.
    let refused = 0;
    for (const [index, row] of batch.entries()) {
      try {
        await this.sql.query(insertStatement, columnsOf([row]));
        this.written += 1;
      } catch (error) {
        if (!isRowError(error)) return { rows: batch.slice(index), error };
        refused += 1;
        this.dropped += 1;
      }
    }
    if (refused > 0) {
      logger().warn({ refused }, 'the database refused request log rows; they were dropped');
    }
    return { rows: [] };
  }

  private drop(count: number): void {
    this.buffer.splice(0, count);
    this.dropped += count;
    this.droppedSinceWarning += count;

    const now = Date.now();
    if (now - this.lastWarning >= this.warnEveryMs) {
      logger().warn(
        { dropped: this.droppedSinceWarning, droppedTotal: this.dropped },
        'request log buffer full; dropped the oldest rows',
      );
      this.droppedSinceWarning = 0;
      this.lastWarning = now;
    }
  }
}

/** Starts the process's request log writer on the given database connection. */
export function startRequestLog(
  sql: Pick<SqlConnection, 'query'>,
  options?: RequestLogOptions,
): RequestLogWriter {
  return new RequestLogWriter(sql, options).start();
}
