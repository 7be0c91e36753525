import type { APIRequestContext } from '@playwright/test';

import { expectErrorShape } from './support/api';
import { expect, test } from './support/fixtures';
import { apiRoutes, exportedMethods, pageRoutes, type HttpMethod } from './support/routes';
import { sessionCookie, testServer } from './support/test-server';

// Everything else must refuse an anonymous caller.
const publicPages = ['/signin', '/signout'];
// The emailed activation link: its token is the credential.
const publicPagePrefixes = ['/activate/'];
const publicApiRoutes = ['/api/health', '/api/ready', '/api/v1/openapi.json', '/api/activation'];

const isPublicPage = (path: string) =>
  publicPages.includes(path) || publicPagePrefixes.some((prefix) => path.startsWith(prefix));
const publicApiPrefix = '/api/auth/';

const isPublicApi = (path: string) =>
  publicApiRoutes.includes(path) || path.startsWith(publicApiPrefix);

// A well-formed but unsigned token: it gets past the proxy's cookie check, so the page or
// route itself has to refuse it.
const forgedToken = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged';
const forgedCookie = `${sessionCookie}=${forgedToken}`;

const callers: { name: string; headers: Record<string, string> }[] = [
  { name: 'without a cookie', headers: {} },
  { name: 'with a forged session cookie', headers: { Cookie: forgedCookie } },
];

function call(api: APIRequestContext, path: string, method: HttpMethod, headers = {}) {
  const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);

  return api.fetch(path, {
    method,
    headers: { Origin: testServer.baseURL, ...headers },
    data: hasBody ? {} : undefined,
    maxRedirects: 0,
  });
}

test('the route lists come from the app directory', () => {
  const pages = pageRoutes().map((route) => route.path);
  expect(pages).toEqual(expect.arrayContaining(['/', '/customers', '/signin', '/signout']));

  const routes = apiRoutes();
  const users = routes.find((route) => route.path === '/api/users');
  expect(users?.methods).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
  expect(routes.map((route) => route.path)).toEqual(
    expect.arrayContaining(['/api/health', '/api/me', '/api/ready']),
  );
  expect(routes.find((route) => route.path.startsWith(publicApiPrefix))?.methods).toEqual([
    'GET',
    'POST',
  ]);
});

test('every way of exporting a route handler is recognised', () => {
  const source = [
    'export async function GET(request) {}',
    'export const POST = wrap(async () => {});',
    'export { handler as PUT, OPTIONS };',
    'export const { PATCH, remove: DELETE } = otherMethods();',
    'export const helper = 1; function HEAD() {}',
  ].join('\n');

  expect(exportedMethods(source)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
});

for (const page of pageRoutes()) {
  if (isPublicPage(page.path)) {
    test(`public page ${page.path} opens without signing in`, async ({ request }) => {
      const response = await request.get(page.path, { maxRedirects: 0 });
      expect(response.status()).toBe(200);
    });
    continue;
  }

  test(`page ${page.path} (${page.file}) sends anonymous visitors to sign-in`, async ({
    request,
  }) => {
    for (const caller of callers) {
      const response = await request.get(page.path, { headers: caller.headers, maxRedirects: 0 });

      expect([302, 303, 307, 308], `${caller.name}`).toContain(response.status());
      const location = new URL(response.headers()['location']!, testServer.baseURL);
      expect(location.origin, caller.name).toBe(testServer.baseURL);
      expect(location.pathname, caller.name).toBe('/signin');
      expect(location.searchParams.get('callbackUrl'), caller.name).toBe(page.path);
    }
  });
}

for (const route of apiRoutes()) {
  if (isPublicApi(route.path)) continue;

  test(`API ${route.path} (${route.file}) answers 401 to anonymous callers`, async ({
    request,
  }) => {
    expect(route.methods.length, 'exported methods').toBeGreaterThan(0);

    for (const method of route.methods) {
      for (const caller of callers) {
        const response = await call(request, route.path, method, caller.headers);
        const label = `${method} ${route.path} ${caller.name}`;

        expect(response.status(), label).toBe(401);
        expect(response.headers()['cache-control'], label).toContain('no-store');
        if (method !== 'HEAD') await expectErrorShape(response);
      }
    }
  });
}

test('the public API routes answer without signing in', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });

  const ready = await request.get('/api/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ ready: true });

  const session = await request.get('/api/auth/session');
  expect(session.status()).toBe(200);
  expect(await session.json()).toEqual({});
});
