import { randomUUID } from 'node:crypto';

import { expect, test } from './support/fixtures';
import { en, text } from './support/messages';
import {
  createClusterThroughApi,
  createTemplateThroughApi,
  expectNotInPage,
  expectNotInResponses,
  findClusterByName,
  getCluster,
  getTemplate,
  provisionThroughTemplate,
  recordResponses,
  uniqueName,
  unreachableUrls,
  updateClusterThroughApi,
} from './support/settings';

const clustersPath = '/settings/broadworks-calling/clusters';

const label = (key: string) => text(en, `clusters.${key}`);
const fill = (template: string, values: Record<string, string>) =>
  Object.entries(values).reduce(
    (result, [name, value]) => result.replace(`{${name}}`, value),
    template,
  );

test('an admin adds a cluster in steps, edits it, and cannot delete it while linked', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const admin = await seedUser({ role: 'full_admin' });
  const name = uniqueName('E2E Amsterdam');
  const password = `validation ${randomUUID()}`;
  const responses = recordResponses(page);

  await signInBrowser(admin);
  await page.goto(clustersPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(label('title'));

  await page
    .getByRole('button', { name: label('add') })
    .first()
    .click();
  const add = page.getByRole('dialog', { name: label('addTitle') });
  await expect(add).toBeVisible();
  const next = add.getByRole('button', { name: text(en, 'ui.next') });

  // Step 1: a step is checked before the next one opens.
  await next.click();
  const nameField = add.getByLabel(label('fields.name'));
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(nameField).toHaveAccessibleDescription(
    new RegExp(text(en, 'validation.required').replace('.', '\\.')),
  );
  await nameField.fill(name);
  await add.getByLabel(label('fields.validationUserId')).fill('validator@xsp.example');
  await add.getByLabel(label('fields.validationPassword')).fill(password);
  await next.click();

  // Step 2
  await expect(add.getByRole('heading', { name: label('steps.interfaces') })).toBeFocused();
  await add.getByLabel(label('fields.xsiActionsUrl')).fill('http://not-https.example');
  await next.click();
  await expect(add.getByLabel(label('fields.xsiActionsUrl'))).toHaveAccessibleDescription(
    new RegExp(text(en, 'validation.httpsUrl').replace(/[.:/]/g, '\\$&')),
  );
  await add.getByLabel(label('fields.xsiActionsUrl')).fill(unreachableUrls.xsiActionsUrl);
  await add.getByLabel(label('fields.xsiEventsUrl')).fill(unreachableUrls.xsiEventsUrl);
  await next.click();

  // Step 3: a sync asks for its BroadWorks user only once it is turned on.
  await expect(add.getByLabel(label('fields.syncUserId'))).toHaveCount(0);
  await add.getByLabel(label('fields.callHistorySync')).check();
  await next.click();
  await expect(add.getByLabel(label('fields.syncUserId'))).toHaveAccessibleDescription(
    new RegExp(text(en, 'validation.syncUserRequired').replace('.', '\\.')),
  );
  await add.getByLabel(label('fields.syncUserId')).fill('history@xsp.example');
  await next.click();

  // Step 4: an old release is allowed, with a warning.
  await add.getByLabel(label('fields.authServiceUrl')).fill(unreachableUrls.authServiceUrl);
  await add.getByLabel(label('fields.release')).selectOption('R23');
  await expect(add.getByTestId('release-warning')).toBeVisible();
  await next.click();

  // Step 5: the review names the password only as set.
  await expect(add.getByText(name)).toBeVisible();
  await expect(add.getByText(label('passwordWillBeStored'))).toBeVisible();
  await expectNotInPage(page, password);
  await add.getByRole('button', { name: label('create') }).click();

  const flyout = page.getByRole('dialog', { name });
  await expect(flyout).toBeVisible();
  const row = page.getByTestId('cluster-row').filter({ hasText: name });
  await expect(row).toContainText('R23');
  await expect(row.getByTestId('connectivity-badge')).toContainText(
    label('connectivity.notChecked'),
  );

  const created = await findClusterByName(adminApi, name);
  expect(created).toMatchObject({
    release: 'R23',
    releaseSupported: false,
    validationPasswordSet: true,
    callHistorySync: true,
    callHistorySyncUserId: 'history@xsp.example',
    version: 1,
  });
  expect(JSON.stringify(created)).not.toContain(password);

  // Edit in the flyout: the stored password is not in the form, and blank keeps it.
  const passwordField = flyout.getByLabel(label('fields.validationPassword'));
  await expect(passwordField).toHaveValue('');
  await expect(passwordField).toHaveAccessibleDescription(label('hints.validationPasswordKeep'));
  const renamed = `${name} edited`;
  await flyout.getByLabel(label('fields.name')).fill(renamed);
  await flyout.getByLabel(label('fields.release')).selectOption('R26');
  await flyout.getByRole('button', { name: text(en, 'ui.save') }).click();
  await expect(flyout.getByText(label('saved'))).toBeVisible();
  await expect(page.getByRole('dialog', { name: renamed })).toBeVisible();
  await expect(page.getByTestId('cluster-row').filter({ hasText: renamed })).toContainText('R26');
  await expectNotInPage(page, password);

  const edited = await getCluster(adminApi, created!.id);
  expect(edited.body).toMatchObject({ name: renamed, release: 'R26', version: 2 });
  expect(edited.body.validationPasswordSet).toBe(true);

  // The connectivity check runs on the server; nothing listens at the cluster's addresses.
  await flyout.getByRole('button', { name: label('connectivity.check') }).click();
  await expect(flyout.getByTestId('interface-xsiActions')).toContainText(
    label('connectivity.error'),
  );
  await expect(
    page.getByTestId('cluster-row').filter({ hasText: renamed }).getByTestId('connectivity-badge'),
  ).toContainText(label('connectivity.error'));
  expect((await getCluster(adminApi, created!.id)).body.connectivityStatus).toBe('error');

  // A linked template blocks the deletion, and the flyout says which one.
  const template = await createTemplateThroughApi(adminApi, created!.id);
  await flyout.getByRole('button', { name: label('delete') }).click();
  const confirm = page.getByRole('alertdialog', {
    name: fill(label('deleteConfirm.title'), { name: renamed }),
  });
  await confirm.getByRole('button', { name: label('delete') }).click();
  await expect(flyout.getByText(label('inUse.title'))).toBeVisible();
  const templateLink = flyout.getByTestId('linked-templates').getByRole('link', {
    name: template.name,
  });
  await expect(templateLink).toHaveAttribute(
    'href',
    `/settings/broadworks-calling/templates?template=${template.id}`,
  );
  await expect(page.getByTestId('cluster-row').filter({ hasText: renamed })).toBeVisible();
  expect((await getCluster(adminApi, created!.id)).status).toBe(200);

  // Follow the link, delete the template there, then come back and delete the cluster.
  await templateLink.click();
  const templateFlyout = page.getByRole('dialog', { name: template.name });
  await expect(templateFlyout).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`template=${template.id}`));
  await templateFlyout.getByRole('button', { name: text(en, 'templates.delete') }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: text(en, 'templates.delete') })
    .click();
  await expect(templateFlyout).toBeHidden();
  await expect(page.getByTestId('template-row').filter({ hasText: template.name })).toHaveCount(0);
  expect((await getTemplate(adminApi, template.id)).status).toBe(404);

  await page.goto(`${clustersPath}?cluster=${created!.id}`);
  const reopened = page.getByRole('dialog', { name: renamed });
  await expect(reopened).toBeVisible();
  await reopened.getByRole('button', { name: label('delete') }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: label('delete') })
    .click();
  await expect(reopened).toBeHidden();
  await expect(page.getByTestId('cluster-row').filter({ hasText: renamed })).toHaveCount(0);
  await expect(page).not.toHaveURL(/cluster=/);
  expect((await getCluster(adminApi, created!.id)).status).toBe(404);

  await expectNotInPage(page, password);
  await expectNotInResponses(responses, password);
});

test('a stale edit offers Reload, and an edit reaching customer organisations asks first', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const cluster = await createClusterThroughApi(adminApi);
  const template = await createTemplateThroughApi(adminApi, cluster.id);
  await provisionThroughTemplate(template, `acme-${randomUUID().slice(0, 8)}`);
  await provisionThroughTemplate(template, `globex-${randomUUID().slice(0, 8)}`);
  const admin = await seedUser({ role: 'full_admin' });
  await signInBrowser(admin);
  await page.goto(`${clustersPath}?cluster=${cluster.id}`);
  const flyout = page.getByRole('dialog', { name: cluster.name });
  await expect(flyout).toBeVisible();

  // Another admin saves first.
  const otherName = `${cluster.name} by someone else`;
  const current = await updateClusterThroughApi(adminApi, cluster, { name: otherName });
  await flyout.getByLabel(label('fields.dasUrl')).fill('https://das.example.net/activation');
  await flyout.getByRole('button', { name: text(en, 'ui.save') }).click();
  await expect(flyout.getByText(label('stale.title'))).toBeVisible();
  expect((await getCluster(adminApi, cluster.id)).body).toMatchObject({
    name: otherName,
    dasUrl: null,
    version: current.version,
  });

  await flyout.getByRole('button', { name: label('stale.reload') }).click();
  await expect(flyout.getByLabel(label('fields.name'))).toHaveValue(otherName);
  await expect(flyout.getByLabel(label('fields.dasUrl'))).toHaveValue('');
  await expect(flyout.getByText(label('stale.title'))).toHaveCount(0);

  // New interface URLs reach both customer organisations: the admin confirms first.
  const sent: Record<string, unknown>[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PATCH' && request.url().endsWith(`/api/clusters/${cluster.id}`)) {
      sent.push(request.postDataJSON() as Record<string, unknown>);
    }
  });
  const newEvents = 'https://127.0.0.1:9/com.broadsoft.xsi-events-v2';
  await flyout.getByLabel(label('fields.xsiEventsUrl')).fill(newEvents);
  await flyout.getByRole('button', { name: text(en, 'ui.save') }).click();
  const ask = page.getByRole('alertdialog', { name: label('wideImpact.title') });
  await expect(ask).toContainText('2 customer organisations use this cluster');
  expect((await getCluster(adminApi, cluster.id)).body.xsiEventsUrl).toBe(
    unreachableUrls.xsiEventsUrl,
  );

  await ask.getByRole('button', { name: label('wideImpact.confirm') }).click();
  await expect(ask).toBeHidden();
  await expect(flyout.getByText(label('saved'))).toBeVisible();
  expect(sent.map((body) => body.confirmWideImpact ?? false)).toEqual([false, true]);
  expect((await getCluster(adminApi, cluster.id)).body.xsiEventsUrl).toBe(newEvents);
});

test('support staff read a cluster but get no add, edit, check or delete controls', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const cluster = await createClusterThroughApi(adminApi, { release: 'R22' });
  const support = await seedUser({ role: 'read_only' });
  await signInBrowser(support);

  await page.goto(`${clustersPath}?cluster=${cluster.id}`);
  const flyout = page.getByRole('dialog', { name: cluster.name });
  await expect(flyout).toBeVisible();
  await expect(flyout).toContainText(unreachableUrls.xsiActionsUrl);
  await expect(flyout.getByTestId('release-warning')).toBeVisible();
  await expect(flyout.getByRole('textbox')).toHaveCount(0);
  for (const name of [label('connectivity.check'), text(en, 'ui.save'), label('delete')]) {
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  }

  // Escape closes the flyout and gives focus back to the cluster's row.
  await page.keyboard.press('Escape');
  await expect(flyout).toBeHidden();
  await expect(page.getByRole('button', { name: cluster.name, exact: true })).toBeFocused();
  await expect(page.getByRole('button', { name: label('add') })).toHaveCount(0);
});
