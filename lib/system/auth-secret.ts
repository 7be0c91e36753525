import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class ConfigurationError extends Error {}

const minimumSecretLength = 32;

/**
 * The secret that signs session cookies. Instances sharing a PostgreSQL server must share
 * it, so there it has to be configured; the embedded single-machine setup keeps a generated
 * one in its data directory so that a fresh clone starts without any setup.
 */
export function resolveAuthSecret(options: {
  configured: string | undefined;
  production: boolean;
  sharedDatabase: boolean;
  dataDir: string;
}): string {
  const { configured } = options;

  if (configured !== undefined && configured !== '') {
    if (configured.length < minimumSecretLength || new Set(configured).size < 8) {
      throw new ConfigurationError(
        `NEXTAUTH_SECRET is too weak: use at least ${minimumSecretLength} random bytes, ` +
          'for example the output of `openssl rand -base64 32`.',
      );
    }
    return configured;
  }

  if (options.production && options.sharedDatabase) {
    throw new ConfigurationError(
      'NEXTAUTH_SECRET is not set. With DATABASE_URL every instance must share one secret ' +
        'of at least 32 random bytes (for example `openssl rand -base64 32`).',
    );
  }

  const file = path.join(options.dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();

  mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function assertProductionSafe(env: NodeJS.ProcessEnv): void {
  if (env.NEXTAUTH_DEBUG === 'true' || env.NEXTAUTH_DEBUG === '1') {
    throw new ConfigurationError(
      'NEXTAUTH_DEBUG must be off in production: it logs session details.',
    );
  }
}

/**
 * The key that encrypts stored secrets such as cluster validation passwords: from
 * ENCRYPTION_KEY, or generated into the data directory for the embedded setup.
 */
export function resolveEncryptionKey(options: {
  configured: string | undefined;
  production: boolean;
  sharedDatabase: boolean;
  dataDir: string;
}): string {
  if (options.configured) {
    if (Buffer.from(options.configured, 'base64').length !== 32) {
      throw new ConfigurationError(
        'ENCRYPTION_KEY must be 32 random bytes, base64-encoded (`openssl rand -base64 32`).',
      );
    }
    return options.configured;
  }

  if (options.production && options.sharedDatabase) {
    throw new ConfigurationError(
      'ENCRYPTION_KEY is not set. With DATABASE_URL every instance must share one key of 32 ' +
        'random bytes, base64-encoded (`openssl rand -base64 32`).',
    );
  }

  const file = path.join(options.dataDir, 'encryption-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();

  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
