import { apiSignIn, expectErrorShape, uniqueEmail } from './support/api';
import { expect, test } from './support/fixtures';
import { en, nl, text } from './support/messages';

test('a read-only user sees the notice and role, and may change only the language', async ({
  page,
  seedUser,
  signInBrowser,
}) => {
  const user = await seedUser({ role: 'read_only' });

  await signInBrowser(user);
  await page.goto('/customers');
  await expect(page.getByRole('note')).toHaveText(text(en, 'readOnly.notice'));
  await page.getByLabel('User menu').click();
  await expect(page.getByTestId('user-role')).toHaveText(text(en, 'header.role.read_only'));

  const api = await apiSignIn(user);
  const creation = await api.post('/api/users', {
    data: {
      email: uniqueEmail('by-read-only'),
      name: 'Not allowed',
      role: 'full_admin',
      password: 'a long enough password',
    },
  });
  expect(creation.status()).toBe(403);
  await expectErrorShape(creation);

  const selfPromotion = await api.patch(`/api/users/${user.id}`, {
    data: { role: 'full_admin' },
  });
  expect(selfPromotion.status()).toBe(403);
  expect(((await (await api.get('/api/me')).json()) as { role: string }).role).toBe('read_only');

  await api.dispose();

  await page.getByTestId('language-switch').selectOption('nl');
  await expect(page.getByRole('note')).toHaveText(text(nl, 'readOnly.notice'));
  await expect
    .poll(
      async () => ((await (await page.request.get('/api/me')).json()) as { locale: string }).locale,
    )
    .toBe('nl');
});

test('a full admin sees the role and no read-only notice', async ({
  page,
  seedUser,
  signInBrowser,
}) => {
  const user = await seedUser({ role: 'full_admin' });

  await signInBrowser(user);
  await page.goto('/customers');
  await page.getByLabel('User menu').click();
  await expect(page.getByTestId('user-role')).toHaveText(text(en, 'header.role.full_admin'));
  await expect(page.getByTestId('user-menu')).toContainText(user.email);
  await expect(page.getByRole('note')).toHaveCount(0);
});

test('the language switch turns the shell Dutch and back, and the choice persists', async ({
  page,
  seedUser,
  signInBrowser,
}) => {
  const user = await seedUser();
  await signInBrowser(user);
  await page.goto('/customers');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByTestId('language-switch').selectOption('nl');

  const nav = page.getByRole('navigation', { name: text(nl, 'nav.label') });
  for (const name of ['Klanten', 'Sjablonen', 'Ondersteuning']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(nav).toContainText('Instellingen');
  await expect(nav).toContainText('BroadWorks bellen');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.getByTestId('language-switch')).toHaveValue('nl');
  await expect
    .poll(
      async () => ((await (await page.request.get('/api/me')).json()) as { locale: string }).locale,
    )
    .toBe('nl');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(nav.getByRole('link', { name: 'Klanten', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(nl, 'customers.title'));

  await page.getByTestId('language-switch').selectOption('en');
  const englishNav = page.getByRole('navigation', { name: text(en, 'nav.label') });
  await expect(englishNav.getByRole('link', { name: 'Customers', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(englishNav.getByRole('link', { name: 'Templates', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the shell navigation leads to every section', async ({ page, seedUser, signInBrowser }) => {
  const user = await seedUser({ role: 'read_only' });
  await signInBrowser(user);
  await page.goto('/customers');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  const sections = [
    { link: 'Clusters', path: '/settings/broadworks-calling/clusters', title: 'clusters.title' },
    { link: 'Templates', path: '/settings/broadworks-calling/templates', title: 'templates.title' },
    { link: 'Support', path: '/support', title: 'support.title' },
    { link: 'Status', path: '/status', title: 'status.title' },
    { link: 'Customers', path: '/customers', title: 'customers.title' },
  ];
  for (const section of sections) {
    await nav.getByRole('link', { name: section.link, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${section.path}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(en, section.title));
    await expect(nav.getByRole('link', { name: section.link, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
  }
});
