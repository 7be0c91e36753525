import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PrismaClient } from '@/lib/generated/prisma/client';
import { drainJobs } from '@/lib/jobs/worker';
import { provisioningHandlers } from '@/lib/provisioning/jobs';

import { installTestDatabase, type TestDatabase } from '../support/database';
import { issueToken, publicApiBase, publicApiFetch, seedTemplate } from '../support/public-api';
import { seedPartner, uniqueSuffix } from '../support/seed';

/*
 * A client as a partner would have written it against the cloud vendor's public API: it
 * knows only the documented contract (paths, field names, the Link header, the error body)
 * and nothing of this implementation.
 */

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

interface VendorSubscriber {
  id: string;
  userId: string;
  spEnterpriseId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  primaryPhoneNumber: string | null;
  mobilePhoneNumber: string | null;
  extension: string | null;
  package: 'softphone' | 'basic' | 'standard' | 'premium';
  status: string;
  errors: { errorCode: string; description: string }[];
  orgId: string | null;
  provisioningId: string;
  selfActivated: boolean;
  created: string;
  lastStatusChange: string;
}

interface VendorNewSubscriber {
  provisioningId: string;
  userId: string;
  spEnterpriseId: string;
  firstName: string;
  lastName: string;
  package: VendorSubscriber['package'];
  email?: string;
  primaryPhoneNumber?: string;
  mobilePhoneNumber?: string;
  extension?: string;
  language?: string;
  timezone?: string;
}

interface VendorErrorBody {
  message: string;
  errors: { description: string }[];
  trackingId: string;
  errorCode?: string;
}

/** The server answered as documented, with a failure. */
class VendorApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: VendorErrorBody,
  ) {
    super(`${status}: ${body.message} (TrackingID ${body.trackingId})`);
  }
}

/** The server answered outside the documented contract; the client cannot go on. */
class ContractViolation extends Error {}

function isErrorBody(body: unknown): body is VendorErrorBody {
  const candidate = body as VendorErrorBody | null;
  return (
    typeof candidate?.message === 'string' &&
    typeof candidate.trackingId === 'string' &&
    candidate.trackingId.length > 0 &&
    Array.isArray(candidate.errors) &&
    candidate.errors.length > 0 &&
    candidate.errors.every((error) => typeof error?.description === 'string')
  );
}

class VendorClient {
  /** Every URL the client requested, in order. */
  readonly requested: string[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly send: Fetch,
  ) {}

  private async call(url: string, method = 'GET', body?: unknown): Promise<Response> {
    this.requested.push(url);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: 'application/json',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    const response = await this.send(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

    if (response.status >= 400) {
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ContractViolation(`${method} ${url}: ${response.status} without a JSON body`);
      }
      if (!isErrorBody(parsed)) {
        throw new ContractViolation(`${method} ${url}: ${response.status} with ${text}`);
      }
      throw new VendorApiError(response.status, parsed);
    }
    if (response.status !== 204 && !response.headers.get('content-type')?.includes('json')) {
      throw new ContractViolation(`${method} ${url}: ${response.status} is not JSON`);
    }
    return response;
  }

  /** Every subscriber matching the filters, page by page through the `Link` header. */
  async listSubscribers(filters: { status?: string[]; max?: number } = {}) {
    const query = new URLSearchParams();
    if (filters.status) query.set('status', filters.status.join(','));
    if (filters.max) query.set('max', String(filters.max));

    const found: VendorSubscriber[] = [];
    let url: string | null = `${this.baseUrl}/subscribers?${query}`;
    while (url) {
      const response = await this.call(url);
      const page = (await response.json()) as { items: VendorSubscriber[] };
      if (!Array.isArray(page.items)) throw new ContractViolation('a page without items');
      found.push(...page.items);

      const next = /<([^>]+)>\s*;\s*rel="next"/.exec(response.headers.get('link') ?? '');
      url = next ? next[1]! : null;
    }
    return found;
  }

  async getSubscriber(id: string) {
    const response = await this.call(`${this.baseUrl}/subscribers/${id}`);
    return (await response.json()) as VendorSubscriber;
  }

  async createSubscriber(subscriber: VendorNewSubscriber) {
    const response = await this.call(`${this.baseUrl}/subscribers`, 'POST', subscriber);
    if (response.status !== 201 && response.status !== 200) {
      throw new ContractViolation(`create answered ${response.status}`);
    }
    return (await response.json()) as VendorSubscriber;
  }

  async updateSubscriber(id: string, changes: Partial<VendorNewSubscriber>) {
    const response = await this.call(`${this.baseUrl}/subscribers/${id}`, 'PUT', changes);
    return (await response.json()) as VendorSubscriber;
  }

  async deleteSubscriber(id: string): Promise<void> {
    const response = await this.call(`${this.baseUrl}/subscribers/${id}`, 'DELETE');
    if (response.status !== 204) throw new ContractViolation(`delete answered ${response.status}`);
  }
}

/** What a call of the client failed with; a contract violation fails the test outright. */
async function failureOf(work: Promise<unknown>): Promise<VendorApiError> {
  const outcome = await work.then(
    () => new Error('the call succeeded'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof VendorApiError)) throw outcome;

  return outcome;
}

describe('a client written for the vendor’s public API', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await installTestDatabase();
    prisma = database.prisma;
  });
  afterAll(async () => database?.close());

  const work = () => drainJobs({ prisma, handlers: provisioningHandlers });

  /** A partner of its own, so that each test sees only its own subscribers. */
  async function newPartner(options: { createOrgsAutomatically?: boolean } = {}) {
    const partnerId = (await seedPartner(prisma)).id;
    const template = await seedTemplate(prisma, { partnerId, ...options });
    const writer = await issueToken(prisma, { partnerId, scope: 'write' });
    const reader = await issueToken(prisma, { partnerId, scope: 'read' });

    return {
      partnerId,
      template,
      client: new VendorClient(publicApiBase, writer.token, publicApiFetch),
      readOnlyClient: new VendorClient(publicApiBase, reader.token, publicApiFetch),
    };
  }

  function newSubscriber(provisioningId: string, spEnterpriseId = 'acme'): VendorNewSubscriber {
    const suffix = uniqueSuffix();
    return {
      provisioningId,
      userId: `${suffix}@${spEnterpriseId}.broadworks.example`,
      spEnterpriseId,
      firstName: 'Femke',
      lastName: `Bakker ${suffix}`,
      package: 'basic',
      email: `femke.${suffix}@${spEnterpriseId}-${suffix}.example`,
      primaryPhoneNumber: '+31301234567',
      mobilePhoneNumber: '+31623456789',
      extension: '201',
      language: 'nl',
      timezone: 'Europe/Amsterdam',
    };
  }

  it('creates, reads, changes and removes a subscriber', async () => {
    const { template, client } = await newPartner();
    const input = newSubscriber(template.provisioningId);

    const created = await client.createSubscriber(input);
    await work();
    const provisioned = await client.getSubscriber(created.id);
    const changed = await client.updateSubscriber(created.id, {
      package: 'premium',
      mobilePhoneNumber: '',
    });
    await work();
    const settled = await client.getSubscriber(created.id);
    await client.deleteSubscriber(created.id);
    const gone = await failureOf(client.getSubscriber(created.id));
    const goneAgain = await failureOf(client.deleteSubscriber(created.id));

    expect(created).toMatchObject({
      userId: input.userId,
      spEnterpriseId: 'acme',
      firstName: 'Femke',
      email: input.email,
      package: 'basic',
      status: 'provisioning',
      provisioningId: template.provisioningId,
      errors: [],
    });
    expect(provisioned.status).toBe('provisioned');
    expect(provisioned.orgId).toBeTruthy();
    expect(changed).toMatchObject({ status: 'updating', package: 'premium' });
    expect(changed.mobilePhoneNumber).toBeNull();
    expect(settled).toMatchObject({ status: 'provisioned', package: 'premium' });
    expect(gone.status).toBe(404);
    expect(goneAgain.status).toBe(404);
  });

  it('pages by following the Link header as given', async () => {
    const { template, client } = await newPartner();
    const ids: string[] = [];
    for (let index = 0; index < 7; index++) {
      ids.push((await client.createSubscriber(newSubscriber(template.provisioningId))).id);
    }
    const requestedBefore = client.requested.length;

    const listed = await client.listSubscribers({ max: 3 });

    expect(listed.map((subscriber) => subscriber.id).sort()).toEqual([...ids].sort());
    const pages = client.requested.slice(requestedBefore);
    expect(pages).toHaveLength(3);
    expect(pages[0]).toBe(`${publicApiBase}/subscribers?max=3`);
    for (const url of pages.slice(1))
      expect(url.startsWith(`${publicApiBase}/subscribers?`)).toBe(true);
  });

  it('finds subscribers in error and reads why', async () => {
    const { partnerId, template, client } = await newPartner({ createOrgsAutomatically: false });
    await prisma.customerOrg.create({
      data: {
        partnerId,
        templateId: template.id,
        name: 'Broken B.V.',
        spEnterpriseId: 'broken',
        status: 'error',
        errorCode: 'org_creation_failed',
        errorReason: 'The cloud refused the organisation.',
      },
    });
    const healthyOrg = await prisma.customerOrg.create({
      data: {
        partnerId,
        templateId: template.id,
        name: 'Healthy B.V.',
        spEnterpriseId: 'healthy',
        status: 'active',
      },
    });
    const failing = await client.createSubscriber(newSubscriber(template.provisioningId, 'broken'));
    const healthy = await client.createSubscriber(
      newSubscriber(template.provisioningId, 'healthy'),
    );
    await work();

    const inError = await client.listSubscribers({ status: ['error'] });
    const settled = await client.listSubscribers({ status: ['provisioned', 'error'] });

    expect(inError.map((subscriber) => subscriber.id)).toEqual([failing.id]);
    expect(inError[0]!.errors).toHaveLength(1);
    expect(inError[0]!.errors[0]).toEqual({
      errorCode: 'customer_org_failed',
      description: expect.stringMatching(/\w/),
    });
    expect(settled.map((subscriber) => subscriber.id).sort()).toEqual(
      [failing.id, healthy.id].sort(),
    );
    expect(settled.find((subscriber) => subscriber.id === healthy.id)?.orgId).toBe(healthyOrg.id);
  });

  it('learns why a create is refused from the documented error body', async () => {
    const { template, client } = await newPartner({ createOrgsAutomatically: false });

    const missingOrg = await failureOf(
      client.createSubscriber(newSubscriber(template.provisioningId, 'unknown-enterprise')),
    );

    expect(missingOrg.status).toBe(409);
    expect(missingOrg.body.errorCode).toBe('customer_org_missing');
    expect(missingOrg.body.errors[0]!.description).toMatch(/\w/);
  });

  it('gets the error body on every kind of failure', async () => {
    const { template, client, readOnlyClient } = await newPartner();
    const existing = await client.createSubscriber(newSubscriber(template.provisioningId));
    const stranger = new VendorClient(publicApiBase, `phub_${'x'.repeat(43)}`, publicApiFetch);

    const invalid = await failureOf(
      client.createSubscriber({
        ...newSubscriber(template.provisioningId),
        package: 'gold' as 'basic',
      }),
    );
    const unauthenticated = await failureOf(stranger.listSubscribers());
    const readOnly = await failureOf(
      readOnlyClient.createSubscriber(newSubscriber(template.provisioningId)),
    );
    const missing = await failureOf(client.getSubscriber('8d7e6f5a-4b3c-4d2e-9f10-a1b2c3d4e5f6'));
    const taken = await failureOf(
      client.createSubscriber({
        ...newSubscriber(template.provisioningId, 'elsewhere'),
        userId: existing.userId,
      }),
    );
    const unknownField = await failureOf(
      client.updateSubscriber(existing.id, { provisioningId: 'other' }),
    );

    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.some((error) => error.description.includes('package'))).toBe(true);
    expect(unauthenticated.status).toBe(401);
    expect(readOnly.status).toBe(403);
    expect(missing.status).toBe(404);
    expect(taken.status).toBe(409);
    expect(taken.body.errorCode).toBe('user_id_taken');
    expect(unknownField.status).toBe(400);
  });
});
