import { randomUUID } from 'node:crypto';

import { expect, request, type APIRequestContext, type Page } from '@playwright/test';

/** A name no other test uses, short enough for the 80-character name fields. */
export function uniqueName(label: string): string {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

/**
 * Interface URLs where nothing listens (port 9 of loopback), so a connectivity check gives a
 * fast, predictable error instead of waiting on the network.
 */
export const unreachableUrls = {
  xsiActionsUrl: 'https://127.0.0.1:9/com.broadsoft.xsi-actions',
  xsiEventsUrl: 'https://127.0.0.1:9/com.broadsoft.xsi-events',
  authServiceUrl: 'https://127.0.0.1:9/authservice',
};

export interface ClusterRecord {
  id: string;
  name: string;
  version: number;
  release: string;
  validationPasswordSet: boolean;
  connectivityStatus: string;
  templateCount: number;
  [field: string]: unknown;
}

export interface TemplateRecord {
  id: string;
  name: string;
  version: number;
  clusterId: string;
  provisioningId: string;
  provisioningUrl: string;
  provisioningAccount: string;
  defaultPackage: string;
  [field: string]: unknown;
}

/** A template as created by a test, with the provisioning password it was given. */
export type SeededTemplate = TemplateRecord & { password: string };

export async function createClusterThroughApi(
  api: APIRequestContext,
  fields: Record<string, unknown> = {},
): Promise<ClusterRecord> {
  const response = await api.post('/api/clusters', {
    data: {
      name: uniqueName('E2E cluster'),
      release: 'R26',
      ...unreachableUrls,
      authUseCloudToken: false,
      directBroadWorksAuth: false,
      callHistorySync: false,
      dndSync: false,
      assistantStatusSync: false,
      ...fields,
    },
  });
  expect(response.status(), await response.text()).toBe(201);

  return (await response.json()) as ClusterRecord;
}

export async function createTemplateThroughApi(
  api: APIRequestContext,
  clusterId: string,
  fields: Record<string, unknown> = {},
): Promise<SeededTemplate> {
  const password = `tpl ${randomUUID()}`;
  const response = await api.post('/api/templates', {
    data: {
      name: uniqueName('E2E template'),
      countryCode: 'NL',
      emailLanguage: 'nl',
      clusterId,
      flowthroughEnabled: true,
      provisioningAccount: `prov-${randomUUID().slice(0, 8)}`,
      provisioningPassword: password,
      provisioningPasswordConfirm: password,
      createOrgsAutomatically: true,
      orgMode: 'enterprise',
      defaultPackage: 'standard',
      disableFreeCalling: false,
      callInNumbers: 'cloud',
      emailTrust: 'trusted',
      provisionAdminFirst: false,
      allowSelfActivation: false,
      authenticationMode: 'broadworks',
      prefillLoginEmail: false,
      directorySync: false,
      ...fields,
    },
  });
  expect(response.status(), await response.text()).toBe(201);

  return { ...((await response.json()) as TemplateRecord), password };
}

/**
 * Adds a subscriber through the template's provisioning URL, as BroadWorks does when it assigns
 * Integrated IM&P; the first one of an enterprise creates its customer organisation.
 */
export async function provisionThroughTemplate(
  template: SeededTemplate,
  enterpriseId: string,
): Promise<void> {
  const adapter = await request.newContext();
  const credential = Buffer.from(`${template.provisioningAccount}:${template.password}`);
  const response = await adapter.post(template.provisioningUrl, {
    headers: { Authorization: `Basic ${credential.toString('base64')}` },
    data: {
      operation: 'add',
      user: {
        userId: `user-${randomUUID().slice(0, 8)}@${enterpriseId}.example`,
        serviceProviderId: 'e2e-sp',
        enterpriseId,
        firstName: 'E2E',
        lastName: 'Subscriber',
      },
    },
  });
  expect(response.status(), await response.text()).toBe(202);
  await adapter.dispose();
}

export async function getCluster(api: APIRequestContext, id: string) {
  const response = await api.get(`/api/clusters/${id}`);
  return { status: response.status(), body: (await response.json()) as ClusterRecord };
}

export async function getTemplate(api: APIRequestContext, id: string) {
  const response = await api.get(`/api/templates/${id}`);
  return { status: response.status(), body: (await response.json()) as TemplateRecord };
}

export async function findClusterByName(
  api: APIRequestContext,
  name: string,
): Promise<ClusterRecord | undefined> {
  const body = (await (await api.get('/api/clusters')).json()) as { items: ClusterRecord[] };
  return body.items.find((cluster) => cluster.name === name);
}

export async function findTemplateByName(
  api: APIRequestContext,
  name: string,
): Promise<TemplateRecord | undefined> {
  const body = (await (await api.get('/api/templates')).json()) as { items: TemplateRecord[] };
  return body.items.find((template) => template.name === name);
}

const clusterFields = [
  'name',
  'release',
  'xsiActionsUrl',
  'xsiEventsUrl',
  'authServiceUrl',
  'authUseCloudToken',
  'ctiUrl',
  'ctiPort',
  'dasUrl',
  'directBroadWorksAuth',
  'callHistorySync',
  'callHistorySyncUserId',
  'dndSync',
  'dndSyncUserId',
  'assistantStatusSync',
  'assistantStatusSyncUserId',
  'validationUserId',
];

/** An edit as another admin would save it: every field, the version it started from. */
export async function updateClusterThroughApi(
  api: APIRequestContext,
  cluster: ClusterRecord,
  changes: Record<string, unknown>,
): Promise<ClusterRecord> {
  const fields = Object.fromEntries(
    clusterFields.map((field) => [field, cluster[field] ?? undefined]),
  );
  const response = await api.patch(`/api/clusters/${cluster.id}`, {
    data: { ...fields, ...changes, version: cluster.version },
  });
  expect(response.status(), await response.text()).toBe(200);

  return (await response.json()) as ClusterRecord;
}

/**
 * Records every document and API answer the page receives, so a test can show that a secret
 * typed into a form never comes back from the server, in HTML or JSON.
 */
export function recordResponses(page: Page): { bodies: () => Promise<Map<string, string>> } {
  const pending: Promise<[string, string]>[] = [];

  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'document' && type !== 'fetch' && type !== 'xhr') return;
    pending.push(
      response
        .text()
        .then(
          (text) => [`${response.request().method()} ${response.url()}`, text] as [string, string],
        )
        .catch(() => [response.url(), ''] as [string, string]),
    );
  });

  return { bodies: async () => new Map(await Promise.all(pending)) };
}

/** Fails when the secret is anywhere in the page's current HTML, attributes included. */
export async function expectNotInPage(page: Page, secret: string): Promise<void> {
  expect(await page.content(), `page ${page.url()} holds the secret`).not.toContain(secret);
}

export async function expectNotInResponses(
  recorder: { bodies: () => Promise<Map<string, string>> },
  secret: string,
): Promise<void> {
  const bodies = await recorder.bodies();
  expect(bodies.size).toBeGreaterThan(0);
  for (const [target, body] of bodies) {
    expect(body.includes(secret), `${target} holds the secret`).toBe(false);
  }
}
