import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from '@playwright/test';

import { apiSignIn } from './support/api';
import { expect, test } from './support/fixtures';
import { projectRoot, testServer } from './support/test-server';

type Catalogue = { serviceStatus: Record<string, unknown> };

const catalogue = (locale: 'en' | 'nl') =>
  JSON.parse(
    readFileSync(path.join(projectRoot, 'messages', 'features', `status.${locale}.json`), 'utf8'),
  ) as Catalogue;

const en = catalogue('en');

function label(key: string): string {
  let value: unknown = en.serviceStatus;
  for (const part of key.split('.')) value = (value as Record<string, unknown>)[part];
  if (typeof value !== 'string') throw new Error(`no UI text serviceStatus.${key}`);
  return value;
}

interface IncidentJson {
  id: string;
  title: string;
  status: 'open' | 'resolved';
}

async function signedInPage(
  browser: Browser,
  user: { email: string; password: string },
  locale = 'en-GB',
) {
  const context = await browser.newContext({ baseURL: testServer.baseURL, locale });
  const api = await apiSignIn(user);
  await context.addCookies((await api.storageState()).cookies);
  await api.dispose();

  return context.newPage();
}

const banner = (page: Page) => page.getByTestId('incident-banner');

test('an admin posts an incident, every user sees the notice on every page until it is resolved', async ({
  page,
  browser,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const admin = await seedUser({ label: 'status-admin' });
  const support = await seedUser({ role: 'read_only', label: 'status-support' });
  await signInBrowser(admin);
  const title = `Provisioning delayed ${randomUUID().slice(0, 8)}`;

  await page.goto('/status');
  await expect(page.getByRole('heading', { level: 1, name: label('title') })).toBeVisible();
  await expect(page.getByTestId('status-component')).toHaveCount(4);

  await page
    .getByRole('button', { name: label('post') })
    .first()
    .click();
  const flyout = page.getByTestId('post-incident');
  await flyout.getByRole('button', { name: label('post') }).click();
  await expect(flyout.getByLabel(label('fields.title'))).toHaveAttribute('aria-invalid', 'true');

  await flyout.getByLabel(label('fields.title')).fill(title);
  await flyout.getByLabel(label('fields.message')).fill('New subscribers appear after a delay.');
  await flyout.getByLabel(label('impact.outage')).check();
  await flyout.getByRole('button', { name: label('post') }).click();
  await expect(flyout).toBeHidden();

  const openIncident = page.getByTestId('incident').filter({ hasText: title });
  await expect(openIncident).toHaveAttribute('data-status', 'open');
  await expect(banner(page)).toContainText(title);

  const stored = await adminApi.get('/api/incidents');
  const incident = ((await stored.json()) as { items: IncidentJson[] }).items.find(
    (item) => item.title === title,
  );
  expect(incident?.status).toBe('open');

  // Another page, as the admin and as support staff.
  await page.goto('/customers');
  await expect(banner(page)).toContainText(title);

  const supportPage = await signedInPage(browser, support);
  for (const other of ['/customers', '/settings/api-tokens', '/status']) {
    await supportPage.goto(other);
    await expect(banner(supportPage), other).toContainText(title);
  }
  await expect(supportPage.getByTestId('incident').filter({ hasText: title })).toBeVisible();
  await expect(supportPage.getByRole('button', { name: label('post') })).toHaveCount(0);
  await expect(supportPage.getByRole('button', { name: label('resolve') })).toHaveCount(0);

  // Resolving removes the notice, on this page at once and on the others on their next load.
  await page.goto('/status');
  await page.getByRole('button', { name: label('resolveNamed').replace('{title}', title) }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: label('resolve') })
    .click();
  await expect(page.getByTestId('incident').filter({ hasText: title })).toHaveAttribute(
    'data-status',
    'resolved',
  );
  await expect(page.getByTestId('incident-banner').filter({ hasText: title })).toHaveCount(0);

  await supportPage.goto('/customers');
  await expect(supportPage.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(supportPage.getByTestId('incident-banner').filter({ hasText: title })).toHaveCount(
    0,
  );

  const after = await adminApi.get('/api/incidents');
  const resolved = ((await after.json()) as { items: IncidentJson[] }).items.find(
    (item) => item.id === incident!.id,
  );
  expect(resolved?.status).toBe('resolved');
  await supportPage.context().close();
});

test('support staff cannot post or resolve incidents through the API', async ({ seedUser }) => {
  const support = await seedUser({ role: 'read_only', label: 'status-readonly' });
  const api = await apiSignIn(support);

  const posted = await api.post('/api/incidents', {
    data: { title: 'Not allowed', message: 'No.', impact: 'degraded' },
  });
  expect(posted.status()).toBe(403);
  expect((await api.get('/api/status')).status()).toBe(200);
  await api.dispose();
});

test('a Dutch admin reads every component’s detail in Dutch', async ({ browser, seedUser }) => {
  const admin = await seedUser({ label: 'status-dutch' });
  const page = await signedInPage(browser, admin, 'nl-NL');

  await page.goto('/status');
  const detailOf = (name: string) =>
    page.locator(`[data-testid="status-component"][data-name="${name}"] td`).nth(1);
  await expect(detailOf('database')).toHaveText(/^Een query duurde \d+ ms\.$/);
  await expect(detailOf('workers')).toHaveText(
    /^(Er wacht geen achtergrondtaak\.|.* aan de beurt; .*)$/,
  );
  // The rate as Dutch writes it: with a decimal comma.
  await expect(detailOf('provisioning')).toHaveText(/^Het afgelopen uur .*\(\d+,\d\s?%\)/);
  // Cluster names come from other tests and may be any words; the rest must be Dutch.
  await expect(detailOf('certificates')).not.toHaveText(
    /has been checked|in order|handshake failed|expired|expires within|self-signed|untrusted|host name/,
  );
  await expect(detailOf('certificates')).toHaveText(
    /gecontroleerd|in orde|mislukt|verlopen|verloopt|zelfondertekend|niet vertrouwd|hostnaam/,
  );
  await page.context().close();
});
