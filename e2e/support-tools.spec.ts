import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { APIRequestContext } from '@playwright/test';

import { expect, test } from './support/fixtures';
import { projectRoot, testServer } from './support/test-server';

type Catalog = Record<string, unknown>;

// This feature's texts live in their own catalog file, next to the shared one.
const catalog = JSON.parse(
  readFileSync(path.join(projectRoot, 'messages', 'features', 'support-tools.en.json'), 'utf8'),
) as { supportTools: Catalog };

function ui(key: string): string {
  let value: unknown = catalog.supportTools;
  for (const part of key.split('.')) value = (value as Catalog | undefined)?.[part];
  if (typeof value !== 'string') throw new Error(`no UI text supportTools.${key}`);
  return value;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The request log is written in batches: wait until the lookup finds the request. */
async function waitUntilLogged(api: APIRequestContext, trackingId: string): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await api.get(`/api/support/lookup?trackingId=${encodeURIComponent(trackingId)}`)
        ).status(),
      { timeout: 10_000 },
    )
    .toBe(200);
}

test('support staff look up a failed request, prepare a case from an error and export the audit log', async ({
  page,
  context,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: testServer.baseURL,
  });

  // An API error, caused by a request: a period that ends before it starts.
  const failed = await adminApi.get('/api/support/audit?from=2026-12-03&to=2026-12-01');
  expect(failed.status()).toBe(400);
  const trackingId = failed.headers()['trackingid']!;
  expect(trackingId).toMatch(/^PHUB_\d{8}_[0-9a-f]{24}$/);
  await waitUntilLogged(adminApi, trackingId);

  const support = await seedUser({ role: 'read_only', label: 'support-tools' });
  await signInBrowser(support);

  // Support › TrackingID lookup, from the Support index.
  await page.goto('/support');
  await page.getByRole('link', { name: ui('lookup.title') }).click();
  await expect(page).toHaveURL(/\/support\/lookup$/);
  const field = page.getByRole('textbox', { name: ui('lookup.label') });

  await field.fill('PHUB_not-a-tracking-id');
  await page.getByRole('button', { name: ui('lookup.submit') }).click();
  await expect(page.getByText(ui('lookup.format'))).toBeVisible();

  await field.fill(`  ${trackingId} `);
  await page.getByRole('button', { name: ui('lookup.submit') }).click();
  await expect(page).toHaveURL(new RegExp(`trackingId=${trackingId}$`));
  const result = page.getByTestId('lookup-result');
  await expect(result.getByTestId('lookup-request')).toHaveText('GET /api/support/audit');
  await expect(result.getByTestId('lookup-status')).toContainText('400');
  await expect(result.getByTestId('lookup-error-code')).toHaveText('validation_failed');
  await expect(result.getByTestId('lookup-caller')).toContainText(testServer.admin.email);

  // An unknown TrackingID says so instead of failing.
  await field.fill('PHUB_20261203_000000000000000000000000');
  await page.getByRole('button', { name: ui('lookup.submit') }).click();
  await expect(page.getByTestId('lookup-not-found')).toBeVisible();

  // An error in the hub carries its TrackingID and a way into a support case.
  await page.goto('/support/audit?from=2026-12-03&to=2026-12-01');
  const notice = page.getByTestId('error-notice');
  await expect(notice).toBeVisible();
  const shownId = (await notice.locator('code').first().textContent())!;
  expect(shownId).toMatch(/^PHUB_/);
  await notice.getByRole('link', { name: ui('caseLink') }).click();

  await expect(page).toHaveURL(new RegExp(`/support/case\\?trackingId=${shownId}$`));
  await expect(page.getByLabel(ui('case.trackingId'))).toHaveValue(shownId);
  await expect(page.getByLabel(ui('case.partnerOrgId'))).toHaveValue(uuidPattern);
  await expect(page.getByLabel(ui('case.clientVersions'))).toHaveValue(/^Browser: .*Chrom/);
  const partnerOrgId = await page.getByLabel(ui('case.partnerOrgId')).inputValue();

  // A malformed customer org ID is named before any text is prepared.
  const customer = page.getByLabel(ui('case.customerOrgId'));
  await customer.fill('0f8fad5b-d9cb-469f-a165');
  await page.getByLabel(ui('case.email')).fill('femke.bakker@customer.example');
  await page.getByRole('button', { name: ui('case.prepare') }).click();
  await expect(customer).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(ui('case.errors.orgId'))).toBeVisible();
  await expect(page.getByTestId('support-case-text')).toHaveCount(0);

  await customer.fill('0f8fad5b-d9cb-469f-a165-70867728950e');
  await page.getByRole('button', { name: ui('case.prepare') }).click();
  const caseText = page.getByTestId('support-case-text');
  await expect(caseText).toContainText(`Partner org ID:  ${partnerOrgId}`);
  await expect(caseText).toContainText('Customer org ID: 0f8fad5b-d9cb-469f-a165-70867728950e');
  await expect(caseText).toContainText(`TrackingID:      ${shownId}`);
  await expect(caseText).toContainText('User email:      femke.bakker@customer.example');

  await page.getByRole('button', { name: ui('case.copy') }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`TrackingID:      ${shownId}`);
  expect(copied).toContain(`Partner org ID:  ${partnerOrgId}`);

  const caseDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: ui('case.download') }).click();
  const caseFile = await caseDownload;
  expect(caseFile.suggestedFilename()).toBe(`support-case-${shownId}.txt`);
  expect(await readFile((await caseFile.path())!, 'utf8')).toBe(copied);

  // Support › Audit log: the creation of this support user, found by its target.
  await page.goto('/support');
  await page.getByRole('link', { name: ui('audit.title') }).click();
  await expect(page).toHaveURL(/\/support\/audit$/);
  await expect(page.getByTestId('audit-row').first()).toBeVisible();

  await page.getByRole('textbox', { name: ui('audit.target'), exact: true }).fill(support.id);
  await page.getByRole('button', { name: ui('audit.apply') }).click();
  await expect(page).toHaveURL(new RegExp(`target=${support.id}`));
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(testServer.admin.email);
  const action = (await rows.first().getAttribute('data-action'))!;

  // The support user's own sign-in, by user and action.
  await page.getByRole('button', { name: ui('audit.clear') }).click();
  await page.getByRole('textbox', { name: ui('audit.actor'), exact: true }).fill(support.email);
  await page
    .getByRole('combobox', { name: ui('audit.action'), exact: true })
    .selectOption('sign_in');
  await page.getByRole('button', { name: ui('audit.apply') }).click();
  await expect(page).toHaveURL(/action=sign_in/);
  // The previous list stays on screen while the filtered one loads.
  await expect
    .poll(() =>
      rows.evaluateAll(
        (cells, email) =>
          cells.length > 0 &&
          cells.every(
            (row) =>
              row.getAttribute('data-action') === 'sign_in' && row.textContent!.includes(email),
          ),
        support.email,
      ),
    )
    .toBe(true);

  // Read-only staff may export what they may read: the filtered rows only.
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toMatch(/^audit-log-\d{8}\.csv$/);
  const csv = await readFile((await csvFile.path())!, 'utf8');
  const [header, ...lines] = csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(header).toBe(
    'time,actor,action,target_type,target_id,outcome,tracking_id,client_ip,details',
  );
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).toContain(`,${support.email},sign_in,`);
  }
  expect(csv).not.toContain(testServer.admin.email);
  expect(action).not.toBe('sign_in');
});
