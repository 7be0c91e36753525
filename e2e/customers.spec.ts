import { randomUUID } from 'node:crypto';

import { request, type APIRequestContext, type Page } from '@playwright/test';

import { expect, test } from './support/fixtures';
import { en, text } from './support/messages';
import {
  createClusterThroughApi,
  createTemplateThroughApi,
  type SeededTemplate,
} from './support/settings';
import { testServer } from './support/test-server';

const label = (key: string, values: Record<string, string> = {}) =>
  Object.entries(values).reduce(
    (message, [name, value]) => message.replace(`{${name}}`, value),
    text(en, `customers.${key}`),
  );

interface Provisioned {
  subscriberId: string;
  trackingId: string;
  userId: string;
  email: string;
}

interface CustomerJson {
  id: string;
  name: string;
  status: string;
}

interface SubscriberJson {
  id: string;
  userId: string;
  package: string;
  status: string;
  errors: { errorCode: string }[];
}

/** Adds a user through the template's provisioning URL, as BroadWorks does. */
async function provision(
  template: SeededTemplate,
  user: { enterpriseId: string; enterpriseName: string; email: string; lastName: string },
): Promise<Provisioned> {
  const adapter = await request.newContext();
  const credential = Buffer.from(`${template.provisioningAccount}:${template.password}`);
  const userId = `${user.lastName.toLowerCase()}-${randomUUID().slice(0, 8)}@bw.e2e.example`;
  const response = await adapter.post(template.provisioningUrl, {
    headers: { Authorization: `Basic ${credential.toString('base64')}` },
    data: {
      operation: 'add',
      user: {
        userId,
        serviceProviderId: 'e2e-sp',
        enterpriseId: user.enterpriseId,
        enterpriseName: user.enterpriseName,
        firstName: 'E2E',
        lastName: user.lastName,
        email: user.email,
      },
    },
  });
  expect(response.status(), await response.text()).toBe(202);
  const body = (await response.json()) as { subscriberId: string; trackingId: string };
  await adapter.dispose();

  return { ...body, userId, email: user.email };
}

/**
 * Reads a JSON answer for a poll. An idle keep-alive connection the server has just closed
 * fails the request; that counts as one more attempt rather than as the test's failure.
 */
async function readForPoll<Body>(api: APIRequestContext, path: string): Promise<Body | null> {
  try {
    const response = await api.get(path);
    return response.ok() ? ((await response.json()) as Body) : null;
  } catch {
    return null;
  }
}

async function statusOf(api: APIRequestContext, path: string): Promise<number | null> {
  try {
    return (await api.get(path)).status();
  } catch {
    return null;
  }
}

async function customerOf(api: APIRequestContext, enterpriseId: string): Promise<CustomerJson> {
  let found: CustomerJson | undefined;
  await expect
    .poll(async () => {
      const path = `/api/customers?q=${encodeURIComponent(enterpriseId)}`;
      found = (await readForPoll<{ items: CustomerJson[] }>(api, path))?.items[0];
      return found?.status;
    })
    .toBe('active');
  return found!;
}

/** Waits until the in-process worker has settled the subscriber, and answers it. */
async function settledSubscriber(
  api: APIRequestContext,
  customerId: string,
  subscriberId: string,
): Promise<SubscriberJson> {
  let subscriber: SubscriberJson | null = null;
  await expect
    .poll(async () => {
      const path = `/api/customers/${customerId}/subscribers/${subscriberId}`;
      subscriber = await readForPoll<SubscriberJson>(api, path);
      return subscriber ? ['provisioning', 'updating'].includes(subscriber.status) : null;
    })
    .toBe(false);
  return subscriber!;
}

async function newTemplate(adminApi: APIRequestContext) {
  const cluster = await createClusterThroughApi(adminApi);
  return createTemplateThroughApi(adminApi, cluster.id);
}

const rowOf = (page: Page, userId: string) =>
  page.getByTestId('subscriber-row').filter({ has: page.getByText(userId, { exact: true }) });

test('support staff find a customer by each kind of search, and see no actions', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const template = await newTemplate(adminApi);
  const enterpriseId = `ent-${suffix}`;
  const name = `Brasserie Éclair ${suffix}`;
  const user = await provision(template, {
    enterpriseId,
    enterpriseName: name,
    email: `anna@eclair-${suffix}.example`,
    lastName: 'Jansen',
  });
  const customer = await customerOf(adminApi, enterpriseId);
  await settledSubscriber(adminApi, customer.id, user.subscriberId);

  const support = await seedUser({ role: 'read_only' });
  await signInBrowser(support);
  await page.goto('/customers');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(label('title'));
  const searchBox = page.getByRole('searchbox', { name: label('search') });

  const searches: [string, string][] = [
    [`ECLAIR ${suffix}`, 'name'],
    [customer.id, 'orgId'],
    [enterpriseId, 'spEnterpriseId'],
    [user.email.toUpperCase(), 'email'],
    [user.userId, 'userId'],
    [user.trackingId, 'trackingId'],
  ];
  for (const [q, field] of searches) {
    await searchBox.fill(q);
    const rows = page.getByTestId('customer-row');
    await expect(rows, q).toHaveCount(1);
    await expect(rows.getByRole('link', { name })).toBeVisible();
    await expect(rows.getByTestId('matched-field')).toHaveAttribute('data-field', field);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(q);
  }

  // The search is in the URL: a reload shows the same result.
  await page.reload();
  await expect(searchBox).toHaveValue(user.trackingId);
  await expect(page.getByTestId('customer-row')).toHaveCount(1);

  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByTestId('customer-org-id')).toHaveText(customer.id);
  await expect(rowOf(page, user.userId)).toBeVisible();
  await expect(page.getByRole('button', { name: label('subscribers.changePackage') })).toHaveCount(
    0,
  );
  await expect(page.getByRole('button', { name: label('subscribers.remove') })).toHaveCount(0);
  await expect(page.getByTestId('audit-entry').first()).toContainText(user.trackingId);
});

test('an admin changes a subscriber’s package and sees the status settle', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const template = await newTemplate(adminApi);
  const enterpriseId = `ent-${suffix}`;
  const user = await provision(template, {
    enterpriseId,
    enterpriseName: `Package Change ${suffix}`,
    email: `piet@package-${suffix}.example`,
    lastName: 'Pakket',
  });
  const customer = await customerOf(adminApi, enterpriseId);
  expect(await settledSubscriber(adminApi, customer.id, user.subscriberId)).toMatchObject({
    status: 'provisioned',
    package: 'standard',
  });

  await signInBrowser(await seedUser({ role: 'full_admin' }));
  await page.goto(`/customers?q=${enterpriseId}`);
  await page.getByRole('link', { name: customer.name }).click();
  const row = rowOf(page, user.userId);
  await expect(row.getByTestId('subscriber-status')).toHaveText(/Provisioned/);

  await row
    .getByRole('button', { name: label('subscribers.changePackageOf', { name: 'E2E Pakket' }) })
    .click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel(label('subscribers.newPackage')).selectOption('premium');
  await dialog.getByRole('button', { name: label('subscribers.packageConfirm') }).click();
  await expect(dialog).toBeHidden();

  await expect(row.getByTestId('subscriber-package')).toHaveText(label('packages.premium'));
  await expect(row.getByTestId('subscriber-status')).toHaveText(/Provisioned/);
  await expect(row.getByTestId('working')).toHaveCount(0);
  expect(await settledSubscriber(adminApi, customer.id, user.subscriberId)).toMatchObject({
    status: 'provisioned',
    package: 'premium',
  });
  await expect(page.getByTestId('audit-entries')).toContainText(
    label('activity.actions.subscriber.package_changed'),
  );
});

test('an admin copies the error text of a failed subscriber, clears the cause and retries', async ({
  page,
  context,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: testServer.baseURL,
  });
  const suffix = randomUUID().slice(0, 8);
  const template = await newTemplate(adminApi);
  const domain = `shared-${suffix}.example`;

  // The domain belongs to the customer whose user brought it first; the second one fails.
  const owner = await provision(template, {
    enterpriseId: `ent-owner-${suffix}`,
    enterpriseName: `Domain Owner ${suffix}`,
    email: `owner@${domain}`,
    lastName: 'Owner',
  });
  const ownerCustomer = await customerOf(adminApi, `ent-owner-${suffix}`);
  await settledSubscriber(adminApi, ownerCustomer.id, owner.subscriberId);
  const late = await provision(template, {
    enterpriseId: `ent-late-${suffix}`,
    enterpriseName: `Late Customer ${suffix}`,
    email: `late@${domain}`,
    lastName: 'Late',
  });
  const lateCustomer = await customerOf(adminApi, `ent-late-${suffix}`);
  expect(await settledSubscriber(adminApi, lateCustomer.id, late.subscriberId)).toMatchObject({
    status: 'error',
    errors: [{ errorCode: 'email_domain_taken' }],
  });

  await signInBrowser(await seedUser({ role: 'full_admin' }));
  await page.goto(`/customers/${lateCustomer.id}`);
  const row = rowOf(page, late.userId);
  await expect(row.getByTestId('subscriber-status')).toHaveText(/Error/);
  await row
    .getByRole('button', { name: label('subscribers.copyError', { name: 'E2E Late' }) })
    .click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('email_domain_taken');
  expect(copied).toContain(`TrackingID: ${late.trackingId}`);
  expect(copied).toContain(`Customer org ID: ${lateCustomer.id}`);
  expect(copied).toContain(late.email);

  // Remove the user that holds the domain, from its own customer's page.
  await page.goto(`/customers/${ownerCustomer.id}`);
  await rowOf(page, owner.userId)
    .getByRole('button', { name: label('subscribers.removeOf', { name: 'E2E Owner' }) })
    .click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: label('subscribers.removeConfirm') })
    .click();
  await expect(rowOf(page, owner.userId)).toHaveCount(0);
  const ownerPath = `/api/customers/${ownerCustomer.id}/subscribers/${owner.subscriberId}`;
  await expect.poll(() => statusOf(adminApi, ownerPath)).toBe(404);

  await page.goto(`/customers/${lateCustomer.id}`);
  await row
    .getByRole('button', { name: label('subscribers.retryOf', { name: 'E2E Late' }) })
    .click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: label('subscribers.retryConfirm') })
    .click();
  await expect(row.getByTestId('subscriber-status')).toHaveText(/Provisioned/);
  await expect(row.getByTestId('subscriber-errors')).toHaveCount(0);
  expect(await settledSubscriber(adminApi, lateCustomer.id, late.subscriberId)).toMatchObject({
    status: 'provisioned',
    errors: [],
  });
});
