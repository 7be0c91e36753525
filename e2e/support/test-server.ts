import os from 'node:os';
import path from 'node:path';

// Another port lets several checkouts on one machine run their browser tests side by side.
const port = Number(process.env.E2E_PORT ?? 3100);

/** The settings of the server that the end-to-end run starts; tests read them from here. */
export const testServer = {
  port,
  baseURL: `http://127.0.0.1:${port}`,
  dataDir: path.join(os.tmpdir(), `partner-hub-e2e-${port}`),
  partnerName: 'E2E Calling Partner',
  admin: { email: 'first-admin@e2e.example', password: 'e2e first admin password 7Qv' },
  // Fixed rather than generated, so that the built assets can be searched for it.
  authSecret: 'e2e-only-session-secret-4c1f9a7e2b6d8305f1aa3c9e',
  maxFailuresPerAccount: 5,
  // Short, so that a test can see a lockout end.
  signInWindowSeconds: 8,
} as const;

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export const sessionCookie = 'next-auth.session-token';
