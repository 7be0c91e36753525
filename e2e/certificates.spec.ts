import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { APIRequestContext, Download, Page } from '@playwright/test';

import {
  createTestCertificates,
  startTlsServer,
  type TestServer,
} from '../tests/support/tls-servers';

import { expect, test } from './support/fixtures';
import { createClusterThroughApi, uniqueName } from './support/settings';
import { projectRoot } from './support/test-server';

const certificatesPath = '/settings/certificates';

const messages = JSON.parse(
  readFileSync(path.join(projectRoot, 'messages', 'features', 'certificates.en.json'), 'utf8'),
) as { certificates: Record<string, unknown> };
function label(key: string, values: Record<string, string> = {}): string {
  const found = key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)?.[part],
      messages.certificates,
    );
  if (typeof found !== 'string') throw new Error(`no UI text certificates.${key}`);
  return Object.entries(values).reduce(
    (text, [name, value]) => text.replace(`{${name}}`, value),
    found,
  );
}

const pemCertificates = (pem: string) =>
  pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

async function downloadedText(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await (download as Download).path())!, 'utf8');
}

interface IdentityItem {
  id: string;
  role: 'current' | 'previous';
}

async function identities(api: APIRequestContext): Promise<IdentityItem[]> {
  const response = await api.get('/api/certificates/identities');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: IdentityItem[] }).items;
}

let selfSigned: TestServer;

test.beforeAll(async () => {
  selfSigned = await startTlsServer(createTestCertificates().selfSigned);
});
test.afterAll(async () => {
  await selfSigned?.close();
});

// Every test shares the first admin's partner, so only this one changes its chains.
test('an admin downloads the CA chain, renews it, sees both and retires the previous one', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  // A retried run may find the change-over of the first try still open.
  for (const previous of (await identities(adminApi)).filter((i) => i.role === 'previous')) {
    await adminApi.post(`/api/certificates/identities/${previous.id}/retire`);
  }
  await signInBrowser(await seedUser({ role: 'full_admin' }));
  await page.goto(certificatesPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(label('title'));

  const rows = page.getByTestId('identity-row');
  await expect(rows).toHaveCount(1);
  const pem = await downloadedText(page, () =>
    page.getByRole('link', { name: label('trust.downloadNamed', { role: 'current' }) }).click(),
  );
  const [caPem] = pemCertificates(pem);
  expect(pem).not.toContain('PRIVATE KEY');
  const ca = new X509Certificate(caPem!);
  expect(ca.ca).toBe(true);
  await expect(rows.first().getByTestId('ca-expires')).not.toBeEmpty();

  await page.getByRole('button', { name: label('trust.renew') }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('note')).toContainText(label('trust.changeOver'));
  await expect(rows.nth(0)).toHaveAttribute('data-role', 'current');
  await expect(rows.nth(1)).toHaveAttribute('data-role', 'previous');
  for (const row of await rows.all()) await expect(row.getByTestId('ca-expires')).not.toBeEmpty();
  await expect(page.getByRole('button', { name: label('trust.renew') })).toHaveCount(0);

  const bundle = await downloadedText(page, () =>
    page.getByRole('link', { name: label('trust.downloadBundle') }).click(),
  );
  const bundled = pemCertificates(bundle).map((item) => new X509Certificate(item).fingerprint256);
  expect(bundled).toHaveLength(2);
  expect(bundled).toContain(ca.fingerprint256);

  await page.getByRole('button', { name: label('trust.retireNamed') }).click();
  const dialog = page.getByRole('alertdialog', { name: label('trust.retireTitle') });
  await expect(dialog).toContainText(label('trust.retireBody'));
  await dialog.getByRole('button', { name: label('trust.retire') }).click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-role', 'current');

  const left = await identities(adminApi);
  expect(left).toHaveLength(1);
  expect(left[0]!.id).not.toBe(undefined);
  const current = await adminApi.get(`/api/certificates/identities/${left[0]!.id}/ca`);
  expect(new X509Certificate(await current.text()).fingerprint256).not.toBe(ca.fingerprint256);
});

test('an admin rechecks a cluster and sees its self-signed certificate flagged', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const name = uniqueName('E2E Certificates');
  const cluster = await createClusterThroughApi(adminApi, {
    name,
    xsiActionsUrl: `${selfSigned.origin}/com.broadsoft.xsi-actions`,
    xsiEventsUrl: `${selfSigned.origin}/com.broadsoft.xsi-events`,
    authServiceUrl: `${selfSigned.origin}/authservice`,
  });

  await signInBrowser(await seedUser({ role: 'full_admin' }));
  await page.goto(certificatesPath);
  const section = page.getByRole('region', { name });
  await expect(section).toContainText(label('xsp.notChecked'));

  await section.getByRole('button', { name: label('xsp.recheckNamed', { name }) }).click();

  const row = section
    .getByTestId('certificate-row')
    .filter({ hasText: label('xsp.interfaces.xsiActions') });
  await expect(row.getByTestId('warning-selfSigned')).toContainText(
    label('xsp.warnings.selfSigned'),
  );
  await expect(section.getByTestId('certificate-row')).toHaveCount(3);
  await expect(row).toContainText('CN=localhost');

  const list = await adminApi.get('/api/certificates/xsp');
  const body = (await list.json()) as {
    clusters: {
      clusterId: string;
      certificates: { interfaceName: string; warnings: string[] }[];
    }[];
  };
  const stored = body.clusters.find((item) => item.clusterId === cluster.id)!;
  // The test certificate lasts two days, so it is about to expire as well.
  expect(stored.certificates.map((item) => item.warnings)).toEqual([
    ['expiresSoon', 'selfSigned'],
    ['expiresSoon', 'selfSigned'],
    ['expiresSoon', 'selfSigned'],
  ]);
  expect(selfSigned.requests).toHaveLength(0);
});

test('support staff see the certificates but no renew, retire or recheck controls', async ({
  page,
  adminApi,
  seedUser,
  signInBrowser,
}) => {
  const name = uniqueName('E2E Read-only certificates');
  const cluster = await createClusterThroughApi(adminApi, {
    name,
    xsiActionsUrl: `${selfSigned.origin}/com.broadsoft.xsi-actions`,
  });
  const recheck = await adminApi.post(`/api/certificates/xsp/${cluster.id}/recheck`);
  expect(recheck.status()).toBe(200);

  const support = await seedUser({ role: 'read_only' });
  await signInBrowser(support);
  await page.goto(certificatesPath);

  const section = page.getByRole('region', { name });
  await expect(section.getByTestId('certificate-row').first()).toBeVisible();
  await expect(page.getByTestId('identity-row').first()).toBeVisible();
  for (const name of [label('trust.renew'), label('xsp.recheckAll'), label('xsp.recheck')]) {
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  }
  await expect(page.getByRole('button', { name: label('trust.retireNamed') })).toHaveCount(0);

  const refused = await page.request.post(`/api/certificates/xsp/${cluster.id}/recheck`, {
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(403);
});
