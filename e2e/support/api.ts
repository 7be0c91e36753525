import { randomUUID } from 'node:crypto';

import { expect, request, type APIRequestContext, type APIResponse } from '@playwright/test';

import { testServer } from './test-server';

export type Role = 'full_admin' | 'read_only';

export interface SeededUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** An address no other test uses, so tests can run in any order and in parallel. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}@e2e.example`;
}

/**
 * A request context as a browser on the app's own page would send it: state-changing API
 * routes refuse requests without the app's Origin.
 */
export function newApiContext(extraHeaders: Record<string, string> = {}) {
  return request.newContext({
    baseURL: testServer.baseURL,
    extraHTTPHeaders: { Origin: testServer.baseURL, ...extraHeaders },
  });
}

/**
 * Posts to next-auth's credentials callback the way its client does. With `json` the
 * answer is `{ url }`; without it, a redirect whose Location is the outcome.
 */
export async function postCredentials(
  api: APIRequestContext,
  credentials: { email: string; password: string; callbackUrl?: string },
  options: { json?: boolean } = { json: true },
): Promise<APIResponse> {
  const csrf = await api.get('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  const form: Record<string, string> = { ...credentials, csrfToken };
  if (options.json) form.json = 'true';

  return api.post('/api/auth/callback/credentials', { form, maxRedirects: 0 });
}

/** A request context holding the session cookie of the given account. */
export async function apiSignIn(credentials: {
  email: string;
  password: string;
}): Promise<APIRequestContext> {
  const api = await newApiContext();
  const response = await postCredentials(api, credentials);
  expect(response.status(), `sign-in of ${credentials.email}`).toBe(200);

  return api;
}

export function signInAsFirstAdmin(): Promise<APIRequestContext> {
  return apiSignIn(testServer.admin);
}

/** Creates a user of the first admin's partner through the user API. */
export async function createUser(
  admin: APIRequestContext,
  options: { role?: Role; label?: string; password?: string } = {},
): Promise<SeededUser> {
  const role = options.role ?? 'full_admin';
  const input = {
    email: uniqueEmail(options.label ?? role.replace('_', '-')),
    name: `E2E ${role === 'read_only' ? 'Support' : 'Admin'} ${randomUUID().slice(0, 4)}`,
    role,
    password: options.password ?? `pw ${randomUUID()}`,
  };

  const response = await admin.post('/api/users', { data: input });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: string };

  return { id, ...input };
}

/** Checks that a body is the API's error shape and carries the response's TrackingID. */
export async function expectErrorShape(response: APIResponse): Promise<void> {
  const body = (await response.json()) as { errors?: unknown[]; trackingId?: string };

  expect(body).toEqual({
    message: expect.any(String),
    errors: expect.any(Array),
    trackingId: expect.any(String),
  });
  expect(body.errors!.length).toBeGreaterThan(0);
  for (const error of body.errors!) expect(error).toEqual({ description: expect.any(String) });
  expect(response.headers()['trackingid']).toBe(body.trackingId);
}
