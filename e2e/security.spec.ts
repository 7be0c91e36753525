import type { APIResponse } from '@playwright/test';

import {
  apiSignIn,
  expectErrorShape,
  newApiContext,
  postCredentials,
  uniqueEmail,
} from './support/api';
import { expect, test } from './support/fixtures';
import { sessionCookie, testServer } from './support/test-server';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

function expectSecurityHeaders(response: APIResponse, label: string): string {
  const headers = response.headers();
  const policy = directives(headers['content-security-policy'] ?? '');
  const scripts = policy.get('script-src') ?? policy.get('default-src') ?? [];

  const nonce = scripts.find((value) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(value));
  expect(nonce, `${label}: script-src has a nonce`).toBeDefined();
  expect(scripts, `${label}: script-src`).not.toContain("'unsafe-inline'");
  expect(policy.get('frame-ancestors'), `${label}: frame-ancestors`).toEqual(["'none'"]);
  expect(policy.get('object-src'), `${label}: object-src`).toEqual(["'none'"]);
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  expect(headers['referrer-policy'], label).toMatch(
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
  );
  expect(headers['x-powered-by'], label).toBeUndefined();
  expect(headers['cache-control'], label).toContain('no-store');
  expect(headers['trackingid'], label).toMatch(/\S/);

  return nonce!.slice("'nonce-".length, -1);
}

test('security headers are on HTML pages, JSON, the 404 page and API 404s', async ({
  seedUser,
}) => {
  const user = await seedUser({ role: 'read_only' });
  const api = await apiSignIn(user);

  const page = await api.get('/customers');
  expect(page.status()).toBe(200);
  const nonce = expectSecurityHeaders(page, 'HTML page');
  const html = await page.text();
  const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);

  const json = await api.get('/api/me');
  expect(json.status()).toBe(200);
  expect(json.headers()['content-type']).toContain('application/json');
  expectSecurityHeaders(json, 'JSON');

  const missingPage = await api.get('/e2e-no-such-page');
  expect(missingPage.status()).toBe(404);
  expectSecurityHeaders(missingPage, '404 page');

  const missingApi = await api.get('/api/e2e-no-such-route');
  expect(missingApi.status()).toBe(404);
  expectSecurityHeaders(missingApi, 'API 404');

  const anonymousSignIn = await (await newApiContext()).get('/signin');
  expectSecurityHeaders(anonymousSignIn, 'sign-in page');
  await api.dispose();
});

test('pages load under the CSP without violations', async ({ page, seedUser, signInBrowser }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const user = await seedUser();

  await page.goto('/signin');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await signInBrowser(user);
  await page.goto('/customers');
  await expect(page.getByTestId('partner-name')).toBeVisible();
  await page.getByTestId('language-switch').selectOption('nl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');

  expect(violations).toEqual([]);
});

test('the session cookie is HttpOnly and SameSite=Lax', async ({ seedUser }) => {
  const user = await seedUser();
  const api = await newApiContext();

  const response = await postCredentials(api, user);
  expect(response.status()).toBe(200);
  const cookie = response
    .headersArray()
    .filter(({ name }) => name.toLowerCase() === 'set-cookie')
    .map(({ value }) => value)
    .find((value) => value.startsWith(`${sessionCookie}=`));

  expect(cookie, 'session Set-Cookie').toBeDefined();
  const attributes = cookie!.split(';').map((part) => part.trim().toLowerCase());
  expect(attributes).toContain('httponly');
  expect(attributes).toContain('samesite=lax');
  expect(attributes).toContain('path=/');
  await api.dispose();
});

test('a callbackUrl to another site ends on the app itself', async ({ page, seedUser }) => {
  const user = await seedUser();

  const api = await newApiContext();
  const response = await postCredentials(api, {
    ...user,
    callbackUrl: 'https://evil.example/',
  });
  expect(response.status()).toBe(200);
  const { url } = (await response.json()) as { url: string };
  expect(new URL(url).origin).toBe(testServer.baseURL);
  await api.dispose();

  await page.goto(`/signin?callbackUrl=${encodeURIComponent('https://evil.example/')}`);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${testServer.baseURL}/customers`);

  await page.goto(`/signin?callbackUrl=${encodeURIComponent('//evil.example/')}`);
  await expect(page).toHaveURL(`${testServer.baseURL}/customers`);
});

test('state-changing calls need the app’s origin and JSON; other methods get 405', async ({
  adminApi,
}) => {
  const input = {
    email: uniqueEmail('refused'),
    name: 'Never created',
    role: 'read_only',
    password: 'a long enough password',
  };

  const foreign = await adminApi.post('/api/users', {
    data: input,
    headers: { Origin: 'https://evil.example' },
  });
  expect(foreign.status()).toBe(403);
  await expectErrorShape(foreign);

  const plain = await adminApi.post('/api/users', {
    data: JSON.stringify(input),
    headers: { 'Content-Type': 'text/plain' },
  });
  expect(plain.status()).toBe(415);
  await expectErrorShape(plain);

  const list = (await (await adminApi.get('/api/users')).json()) as { items: { email: string }[] };
  expect(list.items.map((item) => item.email)).not.toContain(input.email);

  const unsupported = await adminApi.put('/api/users', { data: input });
  expect(unsupported.status()).toBe(405);
  expect(unsupported.headers()['allow']).toBe('GET, POST, HEAD');
  await expectErrorShape(unsupported);
  expect(
    ((await unsupported.json()) as { errors: { description: string }[] }).errors[0]!.description,
  ).toContain('GET, POST');
});
