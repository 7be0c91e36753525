import {
  test as base,
  expect,
  type APIRequestContext,
  type BrowserContext,
} from '@playwright/test';

import { createUser, postCredentials, signInAsFirstAdmin, type Role, type SeededUser } from './api';

interface Fixtures {
  /** The first admin's API session; tests never sign it out, others share that account. */
  adminApi: APIRequestContext;
  /** Creates a fresh user of the first admin's partner. */
  seedUser: (options?: { role?: Role; label?: string; password?: string }) => Promise<SeededUser>;
  /** Puts a session of the user into the browser context, without going through the form. */
  signInBrowser: (user: { email: string; password: string }) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  adminApi: async ({}, provide) => {
    const api = await signInAsFirstAdmin();
    await provide(api);
    await api.dispose();
  },

  seedUser: async ({ adminApi }, provide) => {
    await provide((options) => createUser(adminApi, options));
  },

  signInBrowser: async ({ context }, provide) => {
    await provide(async (user) => signInContext(context, user));
  },
});

async function signInContext(
  context: BrowserContext,
  user: { email: string; password: string },
): Promise<void> {
  // The context's request client shares the browser's cookie jar.
  const response = await postCredentials(context.request, user);
  expect(response.status(), `sign-in of ${user.email}`).toBe(200);
}

export { expect };
