import pg from 'pg';

import { openDatabase, type DatabaseTarget } from '@/lib/db/database';
import { dropDatabaseWhenFree } from '@/lib/db/drop-database';
import type { SqlConnection } from '@/lib/db/driver';
import { migrate } from '@/lib/db/migrate';

import { bareTables } from './bare-tables';

function quoted(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
}

export function databaseUrlFor(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(
  serverUrl: string,
  work: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the server of `serverUrl`; returns its URL. */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<string> {
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${quoted(name)}`));
  return databaseUrlFor(serverUrl, name);
}

export async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (client) => dropDatabaseWhenFree(client, name));
}

/**
 * Copies of the app's subscriber and job tables, with the same columns, defaults, keys and
 * indexes but without foreign keys, for the bare server to write into.
 */
export async function createBareTables(sql: SqlConnection): Promise<void> {
  await sql.exec(`
    CREATE TABLE ${bareTables.subscriber} (LIKE subscriber INCLUDING ALL);
    CREATE TABLE ${bareTables.job} (LIKE job INCLUDING ALL);`);
}

/** An embedded database directory with the app's schema and the bare tables. */
export async function prepareBarePGlite(dir: string): Promise<void> {
  const database = openDatabase({ kind: 'pglite', dir });
  try {
    await migrate(database.sql);
    await createBareTables(database.sql);
  } finally {
    await database.close();
  }
}

export interface ProvisioningOutcome {
  subscribers: number;
  provisioned: number;
  customerOrgs: number;
  activeCustomerOrgs: number;
  jobs: number;
  succeededJobs: number;
  failedJobs: number;
  unfinishedJobs: number;
  jobsRunMoreThanOnce: number;
  firstJobFinishedAt: Date | null;
  lastJobFinishedAt: Date | null;
  lastProvisionedAt: Date | null;
}

const outcomeQuery = `
  SELECT
    (SELECT count(*) FROM subscriber)::int AS subscribers,
    (SELECT count(*) FROM subscriber WHERE status = 'provisioned')::int AS provisioned,
    (SELECT count(*) FROM customer_org)::int AS "customerOrgs",
    (SELECT count(*) FROM customer_org WHERE status = 'active')::int AS "activeCustomerOrgs",
    (SELECT count(*) FROM job)::int AS jobs,
    (SELECT count(*) FROM job WHERE status = 'succeeded')::int AS "succeededJobs",
    (SELECT count(*) FROM job WHERE status = 'failed')::int AS "failedJobs",
    (SELECT count(*) FROM job WHERE status IN ('queued', 'running'))::int AS "unfinishedJobs",
    (SELECT count(*) FROM job WHERE attempts > 1)::int AS "jobsRunMoreThanOnce",
    (SELECT min(finished_at) FROM job) AS "firstJobFinishedAt",
    (SELECT max(finished_at) FROM job) AS "lastJobFinishedAt",
    (SELECT max(last_status_change) FROM subscriber WHERE status = 'provisioned')
      AS "lastProvisionedAt"`;

export async function provisioningOutcome(sql: SqlConnection): Promise<ProvisioningOutcome> {
  const [row] = await sql.query<ProvisioningOutcome>(outcomeQuery);
  return row!;
}

export async function progressOf(sql: SqlConnection) {
  const [row] = await sql.query<{ provisioned: number; unfinishedJobs: number }>(`
    SELECT
      (SELECT count(*) FROM subscriber WHERE status = 'provisioned')::int AS provisioned,
      (SELECT count(*) FROM job WHERE status IN ('queued', 'running'))::int AS "unfinishedJobs"`);
  return row!;
}

/** Opens a database just long enough to read the outcome of a run. */
export async function readOutcome(target: DatabaseTarget): Promise<ProvisioningOutcome> {
  const database = openDatabase(target);
  try {
    return await provisioningOutcome(database.sql);
  } finally {
    await database.close();
  }
}
