import path from 'node:path';

export interface AppConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  pgliteDir: string;
  baseUrl: string;
  trustProxy: boolean;
  signInMaxFailures: number;
  signInMaxFailuresPerAddress: number;
  signInWindowSeconds: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  logLevel: string;
  requestLogRetentionDays: number;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;

  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}

/** Reads configuration from the environment each time, so tests can change it. */
export function readConfig(): AppConfig {
  const dataDir = path.resolve(
    process.env.DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), 'data'),
  );

  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    pgliteDir: path.resolve(
      /*turbopackIgnore: true*/ process.env.PGLITE_DATA_DIR ?? path.join(dataDir, 'pglite'),
    ),
    baseUrl: (process.env.APP_BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
    trustProxy: process.env.TRUST_PROXY === 'true',
    signInMaxFailures: positiveInt('SIGNIN_MAX_FAILURES', 5),
    signInMaxFailuresPerAddress: positiveInt('SIGNIN_MAX_FAILURES_PER_ADDRESS', 20),
    signInWindowSeconds: positiveInt('SIGNIN_WINDOW_SECONDS', 15 * 60),
    sessionIdleMinutes: positiveInt('SESSION_IDLE_MINUTES', 60),
    sessionMaxHours: positiveInt('SESSION_MAX_HOURS', 12),
    logLevel: process.env.LOG_LEVEL ?? 'info',
    requestLogRetentionDays: positiveInt('REQUEST_LOG_RETENTION_DAYS', 30),
  };
}
