import type { Page } from '@playwright/test';

import { newApiContext, postCredentials, uniqueEmail } from './support/api';
import { expect, test } from './support/fixtures';
import { en, text } from './support/messages';
import { sessionCookie, testServer } from './support/test-server';

async function submitSignInForm(page: Page, credentials: { email: string; password: string }) {
  await page.getByLabel('Email address').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('signing in through the form lands on the customers page inside the shell', async ({
  page,
  seedUser,
}) => {
  const user = await seedUser();

  await page.goto('/signin');
  await submitSignInForm(page, user);

  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(page.getByTestId('partner-name')).toHaveText(testServer.partnerName);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const name of ['Customers', 'Clusters', 'Templates', 'Support', 'Status']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Customers' })).toHaveAttribute(
    'aria-current',
    'page',
  );
});

test('the page asked for before signing in is shown after it', async ({ page, seedUser }) => {
  const user = await seedUser();

  await page.goto('/settings/broadworks-calling/templates');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await submitSignInForm(page, user);

  await expect(page).toHaveURL(/\/settings\/broadworks-calling\/templates$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customer templates' })).toBeVisible();
});

test('a wrong password shows the invalid message and stays on the sign-in page', async ({
  page,
  seedUser,
}) => {
  const user = await seedUser();

  await page.goto('/signin');
  await submitSignInForm(page, { email: user.email, password: 'not the right password' });

  await expect(page.getByTestId('sign-in-error')).toHaveText(text(en, 'signIn.invalid'));
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('unknown account, wrong password and deactivated account fail alike', async ({
  page,
  adminApi,
  seedUser,
}) => {
  const wrongPassword = await seedUser({ label: 'wrong-pw' });
  const deactivated = await seedUser({ label: 'deactivated' });
  const deactivation = await adminApi.patch(`/api/users/${deactivated.id}`, {
    data: { active: false },
  });
  expect(deactivation.status()).toBe(200);

  const attempts = [
    { email: uniqueEmail('unknown'), password: 'some password 123' },
    { email: wrongPassword.email, password: 'not the right password' },
    { email: deactivated.email, password: deactivated.password },
  ];

  const api = await newApiContext();
  const redirects: { status: number; location?: string }[] = [];
  const jsonAnswers: { status: number; body: unknown }[] = [];
  for (const attempt of attempts) {
    const redirect = await postCredentials(api, attempt, { json: false });
    redirects.push({ status: redirect.status(), location: redirect.headers()['location'] });

    const json = await postCredentials(api, attempt, { json: true });
    jsonAnswers.push({ status: json.status(), body: await json.json() });
    expect(json.headers()['set-cookie'] ?? '').not.toContain(`${sessionCookie}=ey`);
  }
  await api.dispose();

  expect(redirects[0]!.status).toBe(302);
  expect(redirects[0]!.location).toContain('error=CredentialsSignin');
  expect(redirects[1]).toEqual(redirects[0]);
  expect(redirects[2]).toEqual(redirects[0]);
  expect(jsonAnswers[0]!.status).toBe(401);
  expect(jsonAnswers[1]).toEqual(jsonAnswers[0]);
  expect(jsonAnswers[2]).toEqual(jsonAnswers[0]);

  const shown: string[] = [];
  for (const attempt of attempts) {
    await page.goto('/signin');
    await submitSignInForm(page, attempt);
    const error = page.getByTestId('sign-in-error');
    await expect(error).toBeVisible();
    shown.push((await error.textContent()) ?? '');
    await expect(page).toHaveURL(/\/signin/);
  }
  expect(shown).toEqual(Array(attempts.length).fill(text(en, 'signIn.invalid')));
});

test('repeated wrong passwords lock the account, the right one too, until the window ends', async ({
  page,
  seedUser,
}) => {
  test.setTimeout(60_000);
  const user = await seedUser({ label: 'lockout' });

  // The form is ready first, so that the locked attempt surely falls inside the short window.
  await page.goto('/signin');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);

  const api = await newApiContext();
  for (let attempt = 0; attempt < testServer.maxFailuresPerAccount; attempt++) {
    const response = await postCredentials(api, { email: user.email, password: 'wrong guess' });
    expect(response.status()).toBe(401);
  }

  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText(text(en, 'signIn.locked'));
  expect(text(en, 'signIn.locked')).not.toBe(text(en, 'signIn.invalid'));
  await expect(page).toHaveURL(/\/signin/);

  const locked = await postCredentials(api, user);
  expect(locked.status()).toBe(401);
  expect(((await locked.json()) as { url: string }).url).toContain('error=locked');

  await expect
    .poll(async () => (await postCredentials(api, user)).status(), {
      message: 'the right password works again once the window has passed',
      timeout: (testServer.signInWindowSeconds + 15) * 1000,
      intervals: [1_000],
    })
    .toBe(200);
  await api.dispose();

  await page.goto('/signin');
  await submitSignInForm(page, user);
  await expect(page).toHaveURL(/\/customers$/);
});

test('signing out through the UI ends the session on the server', async ({
  page,
  context,
  seedUser,
  signInBrowser,
}) => {
  const user = await seedUser({ label: 'sign-out' });
  await signInBrowser(user);
  await page.goto('/customers');
  await expect(page.getByTestId('partner-name')).toBeVisible();
  const copied = (await context.cookies()).find(({ name }) => name === sessionCookie);
  expect(copied, 'session cookie').toBeDefined();

  await page.getByLabel('User menu').click();
  await page.getByRole('link', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signout$/);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page).toHaveURL(/\/signout\?done=1$/);
  await expect(page.getByRole('heading', { name: text(en, 'signOut.done') })).toBeVisible();

  const replay = await newApiContext({ Cookie: `${sessionCookie}=${copied!.value}` });
  const me = await replay.get('/api/me');
  expect(me.status()).toBe(401);
  const customers = await replay.get('/customers', { maxRedirects: 0 });
  expect(customers.status()).toBe(307);
  expect(new URL(customers.headers()['location']!, testServer.baseURL).pathname).toBe('/signin');
  await replay.dispose();
});

test('deactivating a user ends that user’s session at once', async ({ adminApi, seedUser }) => {
  const user = await seedUser({ label: 'to-deactivate' });
  const api = await newApiContext();
  expect((await postCredentials(api, user)).status()).toBe(200);
  expect((await api.get('/api/me')).status()).toBe(200);

  const response = await adminApi.patch(`/api/users/${user.id}`, { data: { active: false } });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ id: user.id, active: false });

  expect((await api.get('/api/me')).status()).toBe(401);
  expect((await api.get('/api/users')).status()).toBe(401);
  await api.dispose();
});
