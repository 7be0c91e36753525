import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { APIRequestContext, Page } from '@playwright/test';

import { signInAsFirstAdmin } from './support/api';
import { expect, test } from './support/fixtures';
import { en, text } from './support/messages';
import {
  createClusterThroughApi,
  createTemplateThroughApi,
  provisionThroughTemplate,
  type SeededTemplate,
} from './support/settings';
import { projectRoot } from './support/test-server';

const analyticsMessages = JSON.parse(
  readFileSync(path.join(projectRoot, 'messages', 'features', 'analytics.en.json'), 'utf8'),
);
const label = (key: string) => text(analyticsMessages, `analytics.${key}`);

interface Report {
  subscribers: { total: number; byPackage: { package: string; count: number }[] };
  topCustomers: { id: string; name: string; subscribers: number }[];
  provisioning: { requests: number; failures: number };
  customersPerWeek: { count: number }[];
}

async function reportOf(api: APIRequestContext, query: Record<string, string>): Promise<Report> {
  const response = await api.get(`/api/analytics?${new URLSearchParams(query)}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Report;
}

/** Waits until the background work has created every customer of the template. */
async function customersCreated(api: APIRequestContext, templateId: string, count: number) {
  await expect
    .poll(async () => (await reportOf(api, { templateId })).topCustomers.length)
    .toBe(count);
}

/** Records every Content-Security-Policy violation the page reports, in the console or as event. */
async function watchCsp(page: Page) {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) messages.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });

  return async () => [
    ...messages,
    ...(await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    )),
  ];
}

const total = (page: Page, name: string) => page.getByTestId(`total-${name}`);
const chart = (page: Page, id: string) => page.getByTestId(`chart-${id}`);

test.describe('analytics', () => {
  // One worker seeds the templates once for both tests.
  test.describe.configure({ mode: 'default' });

  let standard: SeededTemplate;
  let premium: SeededTemplate;
  let unused: SeededTemplate;
  const suffix = randomUUID().slice(0, 8);
  const enterprises = { first: `ent-a1-${suffix}`, second: `ent-a2-${suffix}` };

  test.beforeAll(async () => {
    const adminApi = await signInAsFirstAdmin();
    const cluster = await createClusterThroughApi(adminApi);
    standard = await createTemplateThroughApi(adminApi, cluster.id, { defaultPackage: 'standard' });
    premium = await createTemplateThroughApi(adminApi, cluster.id, { defaultPackage: 'premium' });
    unused = await createTemplateThroughApi(adminApi, cluster.id);

    await provisionThroughTemplate(standard, enterprises.first);
    await provisionThroughTemplate(standard, enterprises.first);
    await provisionThroughTemplate(standard, enterprises.second);
    await provisionThroughTemplate(premium, `ent-b1-${suffix}`);
    await customersCreated(adminApi, standard.id, 2);
    await customersCreated(adminApi, premium.id, 1);
    await adminApi.dispose();
  });

  test('support staff see the charts of a template, and other numbers for another', async ({
    page,
    adminApi,
    seedUser,
    signInBrowser,
  }) => {
    const violations = await watchCsp(page);
    const support = await seedUser({ role: 'read_only' });
    await signInBrowser(support);

    await page.goto('/customers');
    await page.getByRole('link', { name: text(en, 'nav.analytics') }).click();
    await expect(page).toHaveURL(/\/analytics$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(label('title'));

    await page.getByTestId('template-filter').selectOption(standard.id);
    await expect.poll(() => new URL(page.url()).searchParams.get('templateId')).toBe(standard.id);
    await expect(total(page, 'subscribers')).toHaveText('3');
    await expect(total(page, 'customers')).toHaveText('2');
    for (const id of ['by-package', 'by-status', 'per-week', 'top-customers']) {
      await expect(
        chart(page, id).getByTestId('chart-drawing').locator('svg').first(),
      ).toBeVisible();
    }

    // The drawing's numbers, as a table.
    const byPackage = chart(page, 'by-package');
    await byPackage.getByText(label('showTable')).click();
    const packageTable = byPackage.getByRole('table');
    await expect(packageTable.getByRole('row', { name: 'Standard 3' })).toBeVisible();
    await expect(packageTable.getByRole('row', { name: 'Premium 0' })).toBeVisible();

    // The largest customers link to their pages.
    const standardReport = await reportOf(adminApi, { templateId: standard.id });
    const largest = standardReport.topCustomers[0]!;
    expect(largest.subscribers).toBe(2);
    const links = chart(page, 'top-customers').getByTestId('top-customer-links').getByRole('link');
    await expect(links).toHaveCount(2);
    await expect(links.first()).toHaveText(largest.name);
    await expect(links.first()).toHaveAttribute('href', `/customers/${largest.id}`);

    // The provisioning charts show what the API counts, or say that there is nothing.
    await expect(total(page, 'requests')).toHaveText(String(standardReport.provisioning.requests));
    const perDay = chart(page, 'per-day');
    if (standardReport.provisioning.requests === 0) {
      await expect(perDay.getByTestId('chart-empty')).toHaveText(label('charts.perDay.empty'));
    } else {
      await expect(perDay.getByTestId('chart-drawing').locator('svg').first()).toBeVisible();
    }

    await page.getByTestId('template-filter').selectOption(premium.id);
    await expect.poll(() => new URL(page.url()).searchParams.get('templateId')).toBe(premium.id);
    await expect(total(page, 'subscribers')).toHaveText('1');
    await expect(total(page, 'customers')).toHaveText('1');
    await expect(
      byPackage.getByRole('table').getByRole('row', { name: 'Premium 1' }),
    ).toBeAttached();

    await page.getByTestId('period-filter').selectOption('7d');
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('7d');
    await expect(total(page, 'customers')).toHaveText('1');

    // The filters are in the URL: a reload shows the same.
    await page.reload();
    await expect(page.getByTestId('template-filter')).toHaveValue(premium.id);
    await expect(page.getByTestId('period-filter')).toHaveValue('7d');
    await expect(total(page, 'subscribers')).toHaveText('1');

    expect(await violations()).toEqual([]);
  });

  test('a template without subscribers shows empty charts, and dates can be chosen', async ({
    page,
    seedUser,
    signInBrowser,
  }) => {
    const violations = await watchCsp(page);
    await signInBrowser(await seedUser());

    await page.goto(`/analytics?templateId=${unused.id}`);
    await expect(total(page, 'subscribers')).toHaveText('0');
    await expect(chart(page, 'by-package').getByTestId('chart-empty')).toHaveText(
      label('charts.byPackage.empty'),
    );
    await expect(chart(page, 'top-customers').getByTestId('chart-empty')).toHaveText(
      label('charts.topCustomers.empty'),
    );
    await expect(chart(page, 'per-week').getByTestId('chart-empty')).toBeVisible();

    const today = new Date().toISOString().slice(0, 10);
    const weekAgo = new Date(Date.now() - 6 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await page.getByTestId('period-filter').selectOption('custom');
    await page.getByTestId('from-filter').fill(today);
    await page.getByTestId('to-filter').fill(weekAgo);
    await page.getByRole('button', { name: label('filters.apply') }).click();
    await expect(page.locator('#analytics-range-hint')).toContainText('at most 366 days');
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();

    await page.getByTestId('from-filter').fill(weekAgo);
    await page.getByTestId('to-filter').fill(today);
    await page.getByRole('button', { name: label('filters.apply') }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(weekAgo);
    expect(new URL(page.url()).searchParams.get('to')).toBe(today);
    await expect(chart(page, 'per-day').getByTestId('chart-empty')).toBeVisible();

    expect(await violations()).toEqual([]);
  });
});
