import { defineConfig, devices } from '@playwright/test';

import { testServer } from './e2e/support/test-server';

const ci = Boolean(process.env.CI);

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    baseURL: testServer.baseURL,
    trace: 'retain-on-failure',
    locale: 'en-GB',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // Playwright cannot download its own browser on these machines; Debian's is used.
          executablePath: '/usr/bin/chromium',
          headless: true,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    // Built here, with the test secrets in its environment, so that a secret that a change
    // let into the browser assets is there for the tests to find. Each run starts on an
    // empty embedded database, so the first admin is created from the values below.
    command: `npm run build && rm -rf '${testServer.dataDir}' && exec npx tsx server.ts`,
    url: `${testServer.baseURL}/api/ready`,
    reuseExistingServer: false,
    timeout: 300_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(testServer.port),
      APP_BASE_URL: testServer.baseURL,
      NEXTAUTH_URL: testServer.baseURL,
      DATABASE_URL: '',
      DATA_DIR: testServer.dataDir,
      PGLITE_DATA_DIR: `${testServer.dataDir}/pglite`,
      TRUST_PROXY: 'false',
      NEXTAUTH_SECRET: testServer.authSecret,
      ADMIN_EMAIL: testServer.admin.email,
      ADMIN_PASSWORD: testServer.admin.password,
      PARTNER_NAME: testServer.partnerName,
      SIGNIN_MAX_FAILURES: String(testServer.maxFailuresPerAccount),
      // Every test signs in from 127.0.0.1: one test's failures must not lock the others out.
      SIGNIN_MAX_FAILURES_PER_ADDRESS: '1000',
      SIGNIN_WINDOW_SECONDS: String(testServer.signInWindowSeconds),
      LOG_LEVEL: 'warn',
      // The certificate checks read local TLS servers that the tests start.
      OUTBOUND_ALLOW_LOOPBACK: 'true',
    },
  },
});
