import { request, type APIRequestContext, type Page } from '@playwright/test';

import { apiSignIn, expectErrorShape } from './support/api';
import { expect, test } from './support/fixtures';
import { en, nl, text } from './support/messages';
import {
  expectNotInPage,
  expectNotInResponses,
  recordResponses,
  uniqueName,
} from './support/settings';
import { testServer } from './support/test-server';

const tokensPath = '/settings/api-tokens';
const subscribersPath = '/api/v1/broadworks/subscribers';

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An operation's heading: the method, then the path. */
const operationHeading = (method: string, path: string) =>
  new RegExp(`^${method}\\s*${escapeRegExp(path)}$`, 'i');

const label = (key: string, values: Record<string, string> = {}) =>
  Object.entries(values).reduce(
    (message, [name, value]) => message.replace(`{${name}}`, value),
    text(en, `apiTokens.${key}`),
  );

interface TokenRecord {
  id: string;
  name: string;
  scope: 'read' | 'write';
  tokenPrefix: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** Calls the public API as the partner's own systems do: no cookie, only the bearer token. */
async function listSubscribersWith(token: string) {
  const client = await request.newContext({ baseURL: testServer.baseURL });
  const response = await client.get(subscribersPath, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const result = {
    status: response.status(),
    challenge: response.headers()['www-authenticate'],
    body: await response.text(),
  };
  await client.dispose();

  return result;
}

async function storedTokens(api: APIRequestContext): Promise<TokenRecord[]> {
  const response = await api.get('/api/tokens');
  expect(response.status()).toBe(200);

  return ((await response.json()) as { items: TokenRecord[] }).items;
}

async function expectNotStoredInBrowser(page: Page, token: string): Promise<void> {
  expect(page.url()).not.toContain(token);
  const stored = await page.evaluate(() =>
    JSON.stringify([{ ...window.localStorage }, { ...window.sessionStorage }, document.cookie]),
  );
  expect(stored).not.toContain(token);
}

test('an admin creates a token, uses it once shown, and revokes it', async ({
  page,
  context,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: testServer.baseURL,
  });
  const admin = await seedUser({ role: 'full_admin' });
  const name = uniqueName('E2E OSS');

  await signInBrowser(admin);
  await page.goto(tokensPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(label('title'));
  await page
    .getByRole('button', { name: label('add') })
    .first()
    .click();

  const form = page.getByRole('dialog', { name: label('createTitle') });
  await form.getByRole('button', { name: label('create') }).click();
  await expect(form.getByLabel(label('fields.name'), { exact: true })).toHaveAccessibleDescription(
    new RegExp(text(en, 'validation.required')),
  );
  await form.getByLabel(label('fields.name'), { exact: true }).fill(name);
  await form.getByLabel(label('scopes.write')).check();
  await form.getByLabel(label('fields.expiresInDays')).selectOption('30');
  await form.getByRole('button', { name: label('create') }).click();

  const shown = page.getByRole('dialog', { name: label('createdTitle', { name }) });
  await expect(shown.getByTestId('token-warning')).toContainText(label('onceTitle'));
  const token = (await shown.getByTestId('new-token').textContent()) ?? '';
  expect(token).toMatch(/^phub_[A-Za-z0-9_-]{43}$/);

  await shown.getByRole('button', { name: label('copyToken') }).click();
  await expect(shown.getByRole('button', { name: label('copyToken') })).toHaveText(
    text(en, 'ui.copied'),
  );
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const stored = (await storedTokens(adminApi)).find((item) => item.name === name);
  expect(stored).toMatchObject({
    scope: 'write',
    tokenPrefix: token.slice(0, 11),
    revokedAt: null,
  });
  const lifetimeDays = (Date.parse(stored!.expiresAt) - Date.parse(stored!.createdAt)) / 86_400_000;
  expect(Math.round(lifetimeDays)).toBe(30);

  const allowed = await listSubscribersWith(token);
  expect(allowed.status, allowed.body).toBe(200);
  expect(JSON.parse(allowed.body)).toEqual({ items: expect.any(Array) });

  await shown.getByRole('button', { name: label('done') }).click();
  await expect(shown).toHaveCount(0);
  await expectNotInPage(page, token);
  await expectNotStoredInBrowser(page, token);

  // After a reload the page knows the token only by its name and prefix.
  const afterReload = recordResponses(page);
  await page.reload();
  const row = page.getByTestId('token-row').filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 11));
  await expect(row).toContainText(label('scopes.write'));
  await expect(row).toContainText(label('status.active'));
  await expect(row).not.toContainText(label('neverUsed'));
  await expectNotInPage(page, token);
  await expectNotInResponses(afterReload, token);
  await expectNotStoredInBrowser(page, token);

  await row.getByRole('button', { name: label('revokeNamed', { name }) }).click();
  const confirm = page.getByRole('alertdialog', { name: label('revokeTitle', { name }) });
  await confirm.getByRole('button', { name: label('revoke'), exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row).toContainText(label('status.revoked'));
  await expect(row.getByRole('button')).toHaveCount(0);

  const refused = await listSubscribersWith(token);
  expect(refused.status).toBe(401);
  expect(refused.challenge).toContain('invalid_token');
  const revoked = (await storedTokens(adminApi)).find((item) => item.id === stored!.id);
  expect(revoked?.revokedAt).not.toBeNull();
});

test('support staff see the tokens but can neither create nor revoke one', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const name = uniqueName('E2E billing');
  const creation = await adminApi.post('/api/tokens', {
    data: { name, scope: 'read', expiresInDays: 7 },
  });
  expect(creation.status()).toBe(201);
  const { token } = (await creation.json()) as { token: string };
  const support = await seedUser({ role: 'read_only' });

  await signInBrowser(support);
  await page.goto(tokensPath);
  const row = page.getByTestId('token-row').filter({ hasText: name });
  await expect(row).toContainText(label('scopes.read'));
  await expect(row).toContainText(label('neverUsed'));
  await expect(row).toContainText(label('status.active'));
  await expect(page.getByRole('button', { name: label('add') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: label('revoke') })).toHaveCount(0);
  await expectNotInPage(page, token);

  const api = await apiSignIn(support);
  const attempt = await api.post('/api/tokens', {
    data: { name: uniqueName('E2E not allowed'), scope: 'write', expiresInDays: 7 },
  });
  expect(attempt.status()).toBe(403);
  await expectErrorShape(attempt);
  await api.dispose();
});

test('the API reference shows every path of the OpenAPI document and links to it', async ({
  page,
  context,
  seedUser,
  signInBrowser,
}) => {
  const support = await seedUser({ role: 'read_only' });
  await signInBrowser(support);
  await page.goto(tokensPath);

  const nav = page.getByRole('navigation', { name: text(en, 'nav.label') });
  await nav.getByRole('link', { name: text(en, 'nav.apiReference'), exact: true }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(en, 'apiReference.title'));

  const raw = page.getByRole('link', { name: text(en, 'apiReference.rawJson') });
  await expect(raw).toHaveAttribute('href', '/api/v1/openapi.json');
  const document = (await (await page.request.get('/api/v1/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations = page.getByTestId('api-operation');
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item).filter((key) => key !== 'parameters')) {
      const heading = operations.getByRole('heading', { name: operationHeading(method, path) });
      await expect(heading, `${method} ${path}`).toBeVisible();
    }
  }
  await expect(
    operations.getByRole('heading', { name: operationHeading('get', subscribersPath) }),
  ).toBeVisible();
  await expect(page.getByTestId('security-scheme')).toHaveCount(2);
  await expect(page.getByTestId('flowthrough-xml')).toContainText(
    '<flowthroughRequest operation="add" sequence="1733234567000">',
  );

  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'nl', url: testServer.baseURL }]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(nl, 'apiReference.title'));
  await expect(
    page
      .getByRole('navigation', { name: text(nl, 'nav.label') })
      .getByRole('link', { name: text(nl, 'nav.apiTokens'), exact: true }),
  ).toBeVisible();
});
