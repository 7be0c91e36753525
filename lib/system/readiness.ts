import { getDatabase } from '@/lib/db/database';
import { migrationsCurrent } from '@/lib/db/migrate';

export interface Readiness {
  ready: boolean;
  database: 'reachable' | 'unreachable';
  migrations: 'current' | 'pending' | 'unknown';
}

const probeTimeoutMs = 2_000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error('timed out')), probeTimeoutMs).unref(),
    ),
  ]);
}

export async function checkReadiness(): Promise<Readiness> {
  const { sql } = getDatabase();

  try {
    await withTimeout(sql.query('SELECT 1'));
  } catch {
    return { ready: false, database: 'unreachable', migrations: 'unknown' };
  }

  const current = await withTimeout(migrationsCurrent(sql)).catch(() => false);
  return { ready: current, database: 'reachable', migrations: current ? 'current' : 'pending' };
}
