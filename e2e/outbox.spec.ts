import { randomUUID } from 'node:crypto';

import { request, type APIRequestContext } from '@playwright/test';

import { expect, test } from './support/fixtures';
import { en, nl, text } from './support/messages';
import {
  createClusterThroughApi,
  createTemplateThroughApi,
  expectNotInPage,
  expectNotInResponses,
  recordResponses,
  type SeededTemplate,
} from './support/settings';

interface OutboxItem {
  id: string;
  recipient: string;
  status: string;
  statusReason: string | null;
}

/** Adds a user with an email address through the template's provisioning URL. */
async function addUserWithEmail(template: SeededTemplate, email: string): Promise<void> {
  const adapter = await request.newContext();
  const credential = Buffer.from(`${template.provisioningAccount}:${template.password}`);
  const response = await adapter.post(template.provisioningUrl, {
    headers: { Authorization: `Basic ${credential.toString('base64')}` },
    data: {
      operation: 'add',
      user: {
        userId: email,
        serviceProviderId: 'e2e-sp',
        enterpriseId: `outbox-${randomUUID().slice(0, 8)}`,
        firstName: 'Femke',
        lastName: 'Bakker',
        email,
      },
    },
  });
  expect(response.status(), await response.text()).toBe(202);
  await adapter.dispose();
}

async function outboxMessageTo(api: APIRequestContext, recipient: string) {
  const response = await api.get('/api/outbox?status=held');
  expect(response.status()).toBe(200);
  const raw = await response.text();
  expect(raw, 'the outbox answer holds an activation link').not.toContain('/activate/');
  const body = JSON.parse(raw) as { items: OutboxItem[] };

  return body.items.find((item) => item.recipient === recipient);
}

test('support staff see the held activation email of an untrusted-email subscriber', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const cluster = await createClusterThroughApi(adminApi);
  const template = await createTemplateThroughApi(adminApi, cluster.id, {
    emailTrust: 'untrusted',
  });
  // A domain of its own: a domain already used by another customer puts the user in error.
  const email = `femke.bakker@outbox-${randomUUID().slice(0, 8)}.example`;
  await addUserWithEmail(template, email);

  // The in-process worker records the message and, with no mail transport, holds it.
  await expect
    .poll(async () => (await outboxMessageTo(adminApi, email))?.status, { timeout: 20_000 })
    .toBe('held');

  const support = await seedUser({ role: 'read_only' });
  await signInBrowser(support);
  const responses = recordResponses(page);
  await page.goto('/support');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(en, 'support.title'));
  await expect(page.getByText(text(en, 'support.lookupBody'))).toBeVisible();
  await page.getByRole('link', { name: text(en, 'outbox.title') }).click();

  await expect(page).toHaveURL(/\/support\/outbox$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(en, 'outbox.title'));
  const list = page.getByRole('region', { name: text(en, 'outbox.listLabel') });
  const row = list.getByTestId('outbox-row').filter({ hasText: email });
  await expect(row).toHaveAttribute('data-status', 'held');
  await expect(row.getByTestId('outbox-status')).toContainText(text(en, 'outbox.status.held'));
  await expect(row.getByTestId('outbox-reason')).toContainText('No mail transport');
  await expect(row).toContainText(text(en, 'outbox.kinds.activation'));
  await expect(row).toContainText(text(en, 'outbox.notSent'));

  // The filter is kept in the URL, and another status leaves the message out.
  const filter = list.getByLabel(text(en, 'outbox.filterLabel'));
  await filter.selectOption('held');
  await expect(page).toHaveURL(/\/support\/outbox\?status=held$/);
  await expect(row).toBeVisible();
  await filter.selectOption('sent');
  await expect(page).toHaveURL(/\?status=sent$/);
  await expect(list.getByTestId('outbox-row').filter({ hasText: email })).toHaveCount(0);
  await page.reload();
  await expect(list.getByLabel(text(en, 'outbox.filterLabel'))).toHaveValue('sent');
  await filter.selectOption('');
  await expect(page).toHaveURL(/\/support\/outbox$/);
  await expect(row).toBeVisible();

  await expectNotInPage(page, '/activate/');
  await expectNotInResponses(responses, '/activate/');

  await page.getByTestId('language-switch').selectOption('nl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(nl, 'outbox.title'));
  const dutchList = page.getByRole('region', { name: text(nl, 'outbox.listLabel') });
  await expect(
    dutchList.getByTestId('outbox-row').filter({ hasText: email }).getByTestId('outbox-status'),
  ).toContainText(text(nl, 'outbox.status.held'));
  await expectNotInPage(page, '/activate/');
});
