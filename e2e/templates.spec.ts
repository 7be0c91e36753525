import { randomUUID } from 'node:crypto';

import { expect, test } from './support/fixtures';
import { en, nl, text } from './support/messages';
import {
  createClusterThroughApi,
  createTemplateThroughApi,
  expectNotInPage,
  expectNotInResponses,
  findTemplateByName,
  getTemplate,
  provisionThroughTemplate,
  recordResponses,
  uniqueName,
} from './support/settings';
import { testServer } from './support/test-server';

const templatesPath = '/settings/broadworks-calling/templates';

const label = (key: string) => text(en, `templates.${key}`);

test('an admin creates a template, copies its URL and edits it without the password', async ({
  page,
  context,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: testServer.baseURL,
  });
  const cluster = await createClusterThroughApi(adminApi);
  const admin = await seedUser({ role: 'full_admin' });
  const name = uniqueName('E2E Enterprise template');
  const password = `provisioning ${randomUUID()}`;
  const responses = recordResponses(page);

  await signInBrowser(admin);
  await page.goto(templatesPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(label('title'));
  await page
    .getByRole('button', { name: label('add') })
    .first()
    .click();
  const add = page.getByRole('dialog', { name: label('addTitle') });
  const next = add.getByRole('button', { name: text(en, 'ui.next') });

  // Details
  await next.click();
  await expect(add.getByLabel(label('fields.name'))).toHaveAttribute('aria-invalid', 'true');
  await expect(add.getByLabel(label('fields.countryCode'))).toHaveAccessibleDescription(
    text(en, 'validation.countryCode'),
  );
  await add.getByLabel(label('fields.name')).fill(name);
  await add.getByLabel(label('fields.countryCode')).selectOption({ label: 'Netherlands' });
  await add.getByLabel(label('fields.emailLanguage')).selectOption('nl');
  await next.click();

  // Service
  await add.getByLabel(label('fields.clusterId')).selectOption(cluster.id);
  await next.click();

  // Provisioning: the password is required on create and must be typed twice alike.
  await add.getByLabel(label('fields.provisioningAccount')).fill('bw-adapter.e2e');
  await next.click();
  await expect(add.getByLabel(label('fields.provisioningPassword'))).toHaveAccessibleDescription(
    new RegExp(text(en, 'validation.passwordRequired')),
  );
  await add.getByLabel(label('fields.provisioningPassword')).fill(password);
  await add.getByLabel(label('fields.provisioningPasswordConfirm')).fill(`${password}x`);
  await next.click();
  await expect(
    add.getByLabel(label('fields.provisioningPasswordConfirm')),
  ).toHaveAccessibleDescription(text(en, 'validation.passwordMismatch'));
  await add.getByLabel(label('fields.provisioningPasswordConfirm')).fill(password);
  await expect(add.getByLabel(label('fields.createOrgsAutomatically'))).toBeChecked();
  await add.getByLabel(label('orgMode.group')).check();
  await next.click();

  // Packages, options, email trust, authentication, preferences
  await add.getByLabel(label('packages.premium')).check();
  await next.click();
  await add.getByLabel(label('callInNumbers.partner')).check();
  await next.click();
  await add.getByLabel(label('emailTrust.untrusted')).check();
  await next.click();
  await add.getByLabel(label('authenticationMode.cloud')).check();
  await next.click();
  await add.getByLabel(label('fields.partnerAdminDisplayName')).fill('E2E Calling Partner');
  await next.click();

  // Review
  await expect(add).toContainText(name);
  await expect(add).toContainText(cluster.name);
  await expect(add).toContainText(label('passwordWillBeSet'));
  await expectNotInPage(page, password);
  await add.getByRole('button', { name: label('create') }).click();

  const created = page.getByRole('dialog', {
    name: text(en, 'templates.createdTitle').replace('{name}', name),
  });
  await expect(created).toBeVisible();
  const stored = await findTemplateByName(adminApi, name);
  expect(stored).toMatchObject({
    countryCode: 'NL',
    emailLanguage: 'nl',
    clusterId: cluster.id,
    orgMode: 'group',
    defaultPackage: 'premium',
    callInNumbers: 'partner',
    emailTrust: 'untrusted',
    authenticationMode: 'cloud',
    createOrgsAutomatically: true,
    version: 1,
  });
  await expect(created.getByTestId('provisioning-id')).toHaveText(stored!.provisioningId);
  await expect(created.getByTestId('provisioning-url')).toHaveText(stored!.provisioningUrl);

  const copy = created.getByRole('button', { name: label('copyProvisioningUrl') });
  await copy.click();
  await expect(copy).toHaveText(text(en, 'ui.copied'));
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(stored!.provisioningUrl);

  // The list shows the new template without a reload.
  const row = page.getByTestId('template-row').filter({ hasText: name });
  await expect(row).toContainText(cluster.name);
  await expect(row).toContainText(label('packages.premium'));
  await expect(row).toContainText(label('flowthroughOn'));

  // Edit: both password fields start empty; saving them blank keeps the credential.
  await created.getByRole('button', { name: label('openTemplate') }).click();
  const flyout = page.getByRole('dialog', { name });
  await expect(flyout).toBeVisible();
  const passwordField = flyout.getByLabel(label('fields.provisioningPassword'));
  const confirmField = flyout.getByLabel(label('fields.provisioningPasswordConfirm'));
  await expect(passwordField).toHaveValue('');
  await expect(confirmField).toHaveValue('');
  await expect(passwordField).toHaveAccessibleDescription(label('hints.provisioningPasswordKeep'));
  await expect(flyout.getByLabel(label('fields.countryCode'))).toHaveValue('NL');
  await flyout.getByLabel(label('packages.basic')).check();
  await flyout.getByLabel(label('fields.flowthroughEnabled')).uncheck();
  await flyout.getByRole('button', { name: text(en, 'ui.save') }).click();
  await expect(flyout.getByText(label('saved'))).toBeVisible();
  await expect(passwordField).toHaveValue('');
  await expect(confirmField).toHaveValue('');
  await expect(row).toContainText(label('packages.basic'));
  await expect(row).toContainText(label('flowthroughOff'));

  const edited = await getTemplate(adminApi, stored!.id);
  expect(edited.body).toMatchObject({
    defaultPackage: 'basic',
    flowthroughEnabled: false,
    provisioningId: stored!.provisioningId,
    version: 2,
  });

  // A password typed only once is refused in the edit too, and nothing is saved.
  await passwordField.fill('a new provisioning password');
  await flyout.getByRole('button', { name: text(en, 'ui.save') }).click();
  await expect(confirmField).toHaveAccessibleDescription(text(en, 'validation.passwordMismatch'));
  expect((await getTemplate(adminApi, stored!.id)).body.version).toBe(2);

  await page.reload();
  await expect(page.getByRole('dialog', { name })).toBeVisible();
  await expectNotInPage(page, password);
  await expectNotInResponses(responses, password);
});

test('a template opens from the URL, links its cluster, explains a refused delete, in Dutch', async ({
  page,
  context,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const cluster = await createClusterThroughApi(adminApi);
  const template = await createTemplateThroughApi(adminApi, cluster.id, { countryCode: 'BE' });
  const admin = await seedUser({ role: 'full_admin' });
  await signInBrowser(admin);

  await page.goto(`${templatesPath}?template=${template.id}`);
  const flyout = page.getByRole('dialog', { name: template.name });
  await expect(flyout).toBeVisible();
  await expect(flyout.getByTestId('provisioning-url')).toHaveText(template.provisioningUrl);

  // A customer organisation created through the template keeps it from being deleted.
  await provisionThroughTemplate(template, `initech-${randomUUID().slice(0, 8)}`);
  await flyout.getByRole('button', { name: label('delete') }).click();
  const refusal = page.waitForResponse(
    (response) => response.request().method() === 'DELETE' && response.url().endsWith(template.id),
  );
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: label('delete') })
    .click();
  const trackingId = (await refusal).headers()['trackingid']!;
  await expect(flyout.getByText(label('inUse.title'))).toBeVisible();
  await expect(flyout).toContainText('1 customer organisation was created through this template');
  await expect(flyout).toContainText(trackingId);
  await expect(flyout).toContainText('1 customer organisation');
  await expect(page.getByTestId('template-row').filter({ hasText: template.name })).toBeVisible();
  expect((await getTemplate(adminApi, template.id)).status).toBe(200);

  // The cluster link opens the cluster's flyout on the clusters page.
  await flyout.getByTestId('template-cluster-link').click();
  await expect(page).toHaveURL(new RegExp(`clusters\\?cluster=${cluster.id}`));
  await expect(page.getByRole('dialog', { name: cluster.name })).toBeVisible();

  // In Dutch, the country list names regions in Dutch.
  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'nl', url: testServer.baseURL }]);
  await page.goto(`${templatesPath}?template=${template.id}`);
  const dutch = page.getByRole('dialog', { name: template.name });
  const country = dutch.getByLabel(text(nl, 'templates.fields.countryCode'));
  await expect(country).toHaveValue('BE');
  await expect(country.locator('option:checked')).toHaveText('België');
  await expect(dutch.getByLabel(text(nl, 'templates.fields.provisioningPassword'))).toHaveValue('');
  await expect(dutch).toContainText('1 klantorganisatie');
});

test('support staff see templates and provisioning values but cannot change them', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const cluster = await createClusterThroughApi(adminApi);
  const template = await createTemplateThroughApi(adminApi, cluster.id);
  const support = await seedUser({ role: 'read_only' });
  await signInBrowser(support);

  await page.goto(templatesPath);
  await expect(page.getByRole('button', { name: label('add') })).toHaveCount(0);
  await page.getByRole('button', { name: template.name, exact: true }).click();
  const flyout = page.getByRole('dialog', { name: template.name });
  await expect(flyout.getByTestId('provisioning-id')).toHaveText(template.provisioningId);
  await expect(flyout).toContainText(label('passwordStored'));
  await expect(flyout.getByRole('textbox')).toHaveCount(0);
  await expect(flyout.getByRole('button', { name: text(en, 'ui.save') })).toHaveCount(0);
  await expect(flyout.getByRole('button', { name: label('delete') })).toHaveCount(0);

  await flyout.getByRole('button', { name: text(en, 'ui.close') }).click();
  await expect(flyout).toBeHidden();
  await expect(page.getByRole('button', { name: template.name, exact: true })).toBeFocused();
});
