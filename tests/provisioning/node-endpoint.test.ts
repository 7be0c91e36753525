import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { appRequestHandler } from '@/lib/http/app-request-handler';
import { flushRateLimitCounts } from '@/lib/http/rate-limit';
import type { RequestLogRow } from '@/lib/observability/request-log';
import { maxFlowthroughBytes } from '@/lib/provisioning/contract';

import { installTestDatabase, type TestDatabase } from '../support/database';
import {
  flowthroughPassword,
  seedFlowthroughTemplate,
  uniqueSuffix,
  xmlAddOfBram,
} from '../support/seed';

const password = flowthroughPassword;
const trackingIdPattern = /^PHUB_\d{8}_[0-9a-f]{24}$/;

interface TemplateOptions {
  partnerId?: string;
  password?: string;
  flowthroughEnabled?: boolean;
}

interface CallOptions {
  type?: string;
  credential?: string | null;
  method?: string;
  path?: string;
}

/**
 * The app's request handler as server.ts serves it, with a stand-in for Next and a request log
 * that keeps its rows here.
 */
function startServer() {
  const logged: RequestLogRow[] = [];
  const received: IncomingHttpHeaders[] = [];
  const handler = appRequestHandler({
    trustProxy: false,
    requestLog: { record: (row) => logged.push(row) },
    handleNext: async (_request, response) => {
      response.writeHead(418, { 'X-Answered-By': 'next' }).end();
    },
  });
  const server = createServer((request, response) => {
    received.push({ ...request.headers });
    handler(request, response);
  });

  return new Promise<{
    server: Server;
    origin: string;
    logged: typeof logged;
    received: typeof received;
  }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}`, logged, received });
    });
  });
}

describe('flowthrough fast path over node:http', () => {
  let database: TestDatabase;
  let served: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    database = await installTestDatabase();
    served = await startServer();
  });
  afterAll(async () => {
    served.server.closeAllConnections();
    await new Promise((resolve) => served.server.close(resolve));
    await flushRateLimitCounts();
    await database.close();
  });

  const loggedRow = (trackingId: string) =>
    served.logged.find((row) => row.trackingId === trackingId);

  const seedTemplate = (options: TemplateOptions = {}) =>
    seedFlowthroughTemplate(database.prisma, options);

  function call(provisioningId: string, body: BodyInit | null, options: CallOptions = {}) {
    const credential =
      options.credential === undefined ? `broadworks:${password}` : options.credential;
    const headers: Record<string, string> = { 'content-type': options.type ?? 'application/json' };
    if (credential !== null) {
      headers.authorization = `Basic ${Buffer.from(credential).toString('base64')}`;
    }
    return fetch(`${served.origin}${options.path ?? `/api/provisioning/${provisioningId}`}`, {
      method: options.method ?? 'POST',
      headers,
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  }

  function addBody(userId: string, extra: Record<string, unknown> = {}) {
    return JSON.stringify({
      operation: 'add',
      user: {
        userId,
        serviceProviderId: 'sp-1',
        enterpriseId: 'acme',
        enterpriseName: 'Acme B.V.',
        firstName: 'Anna',
        lastName: 'Jansen',
        email: userId,
        ...extra,
      },
    });
  }

  const deleteBody = (userId: string) => JSON.stringify({ operation: 'delete', user: { userId } });

  /** Everything a flowthrough call can write for the partners, to compare before and after. */
  async function rowsOf(...partnerIds: string[]) {
    const where = { partnerId: { in: partnerIds } };
    const orderBy = { id: 'asc' } as const;
    return {
      subscribers: await database.prisma.subscriber.findMany({ where, orderBy }),
      orgs: await database.prisma.customerOrg.findMany({ where, orderBy }),
      jobs: await database.prisma.job.findMany({ where, orderBy }),
      audit: await database.prisma.auditEntry.findMany({ where, orderBy }),
    };
  }

  const noRows = { subscribers: [], orgs: [], jobs: [], audit: [] };

  async function expectError(response: Response, status: number) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({
      message: expect.stringMatching(/\S/),
      trackingId: expect.stringMatching(trackingIdPattern),
    });
    expect(body.trackingId).toBe(response.headers.get('trackingid'));
    expect(body.errors.length).toBeGreaterThan(0);
    for (const error of body.errors) expect(error.description).toMatch(/\S/);
    return body;
  }

  it('accepts an add, records the subscriber and its job, and answers a repeat the same', async () => {
    const template = await seedTemplate();

    const response = await call(template.provisioningId, addBody('anna@acme.example'));
    const body = await response.json();

    expect(response.status).toBe(202);
    // The headers next.config.js gives the Next route's answers.
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expect(body).toEqual({
      status: 'accepted',
      subscriberId: expect.any(String),
      trackingId: response.headers.get('trackingid'),
    });
    expect(body.trackingId).toMatch(trackingIdPattern);
    const subscriber = await database.prisma.subscriber.findUniqueOrThrow({
      where: { id: body.subscriberId },
    });
    expect(subscriber).toMatchObject({
      partnerId: template.partnerId,
      templateId: template.id,
      userId: 'anna@acme.example',
      spEnterpriseId: 'acme',
      firstName: 'Anna',
      status: 'provisioning',
      changeSequence: BigInt(1),
    });
    const jobs = await database.prisma.job.findMany({ where: { partnerId: template.partnerId } });
    expect(jobs.map((job) => job.dedupeKey).sort()).toEqual(
      [
        `customer-org:${subscriber.customerOrgId}:create`,
        `subscriber:${subscriber.id}:change:1`,
      ].sort(),
    );
    // The audit entry takes its TrackingID and address from the request context server.ts sets.
    const audit = await database.prisma.auditEntry.findFirstOrThrow({
      where: { partnerId: template.partnerId, targetId: subscriber.id },
    });
    expect(audit).toMatchObject({
      action: 'subscriber.flowthrough_add',
      trackingId: body.trackingId,
      clientIp: '127.0.0.1',
    });
    await vi.waitFor(() =>
      expect(loggedRow(body.trackingId)).toMatchObject({
        route: `/api/provisioning/${template.provisioningId}`,
        status: 202,
        partnerId: template.partnerId,
        templateId: template.id,
        credential: template.provisioningId,
        clientIp: '127.0.0.1',
      }),
    );

    const before = await rowsOf(template.partnerId);
    const repeated = await call(template.provisioningId, addBody('anna@acme.example'));
    const repeatedBody = await repeated.json();

    expect(repeated.status).toBe(202);
    expect(repeatedBody).toMatchObject({ status: 'accepted', subscriberId: body.subscriberId });
    expect(repeatedBody.trackingId).not.toBe(body.trackingId);
    expect(await rowsOf(template.partnerId)).toEqual(before);
  });

  it('accepts the same add as XML', async () => {
    const template = await seedTemplate();

    const response = await call(template.provisioningId, xmlAddOfBram, {
      type: 'text/xml; charset=UTF-8',
    });
    const body = await response.json();

    expect(response.status).toBe(202);
    expect(body.status).toBe('accepted');
    const subscriber = await database.prisma.subscriber.findUniqueOrThrow({
      where: { id: body.subscriberId },
    });
    expect(subscriber).toMatchObject({
      templateId: template.id,
      userId: 'bram@acme.example',
      lastName: 'de Boer',
      changeSequence: BigInt(17),
    });
    expect(
      await database.prisma.job.count({
        where: { dedupeKey: `subscriber:${subscriber.id}:change:17` },
      }),
    ).toBe(1);
  });

  it('answers 401 with a Basic challenge to missing or wrong credentials and unknown IDs', async () => {
    const template = await seedTemplate();
    await call(template.provisioningId, addBody('carla@acme.example'));
    const before = await rowsOf(template.partnerId);

    const refused = [
      await call(template.provisioningId, deleteBody('carla@acme.example'), {
        credential: 'broadworks:not the password',
      }),
      await call(template.provisioningId, addBody('dirk@acme.example'), { credential: null }),
      await call(`unknown${uniqueSuffix()}`, addBody('dirk@acme.example')),
    ];

    for (const response of refused) {
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);
      await expectError(response, 401);
    }
    expect(await rowsOf(template.partnerId)).toEqual(before);
  });

  it("refuses another partner's provisioning ID with this partner's credentials", async () => {
    const ours = await seedTemplate();
    const theirs = await seedTemplate({ password: 'their flowthrough password' });
    const theirCredential = 'broadworks:their flowthrough password';
    await call(ours.provisioningId, addBody('erik@ours.example'));
    await call(theirs.provisioningId, addBody('fien@theirs.example'), {
      credential: theirCredential,
    });
    const before = await rowsOf(ours.partnerId, theirs.partnerId);

    const refused = [
      await call(theirs.provisioningId, addBody('gijs@ours.example')),
      await call(theirs.provisioningId, deleteBody('fien@theirs.example')),
      await call(ours.provisioningId, addBody('gijs@theirs.example'), {
        credential: theirCredential,
      }),
    ];
    // Nothing in the body can name the partner: the field is refused, not followed.
    const named = await call(
      ours.provisioningId,
      JSON.stringify({ ...JSON.parse(addBody('gijs@ours.example')), partnerId: theirs.partnerId }),
    );

    for (const response of refused) await expectError(response, 401);
    expect((await expectError(named, 400)).errors[0].description).toContain('partnerId');
    expect(await rowsOf(ours.partnerId, theirs.partnerId)).toEqual(before);
  });

  it('answers 403 flowthrough_disabled when the template has flowthrough off', async () => {
    const template = await seedTemplate({ flowthroughEnabled: false });

    const response = await call(template.provisioningId, addBody('hans@acme.example'));

    const body = await expectError(response, 403);
    expect(body.errorCode).toBe('flowthrough_disabled');
    await vi.waitFor(() =>
      expect(loggedRow(body.trackingId)?.errorCode).toBe('flowthrough_disabled'),
    );
    expect(await rowsOf(template.partnerId)).toEqual(noRows);
  });

  it('refuses XML with a DOCTYPE, malformed JSON and a missing field with 400', async () => {
    const template = await seedTemplate();
    await call(template.provisioningId, addBody('ivo@acme.example'));
    const before = await rowsOf(template.partnerId);
    const xxe = `<?xml version="1.0"?>
      <!DOCTYPE flowthroughRequest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
      <flowthroughRequest operation="add"><user><userId>&secret;</userId></user></flowthroughRequest>`;

    const doctype = await call(template.provisioningId, xxe, { type: 'application/xml' });
    const malformed = await call(template.provisioningId, '{"operation": "add", "user": {');
    const missing = await call(
      template.provisioningId,
      addBody('jan@acme.example', { firstName: undefined }),
    );

    const doctypeBody = await expectError(doctype, 400);
    expect(JSON.stringify(doctypeBody)).not.toContain('root:');
    expect(doctypeBody.errors[0].description).toMatch(/document type/i);
    expect((await expectError(malformed, 400)).message).toMatch(/not valid JSON/);
    const missingBody = await expectError(missing, 400);
    expect(missingBody.errors).toEqual([
      expect.objectContaining({
        field: 'user.firstName',
        description: expect.stringContaining('user.firstName'),
      }),
    ]);
    expect(await rowsOf(template.partnerId)).toEqual(before);
  });

  it('answers 413 to a body over 64 KiB, with or without Content-Length', async () => {
    const template = await seedTemplate();
    const padded = (userId: string, bytes: number) => {
      const body = addBody(userId);
      return body + ' '.repeat(bytes - Buffer.byteLength(body));
    };
    const chunked = (text: string) => {
      const bytes = Buffer.from(text);
      return new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 8_192) {
            controller.enqueue(bytes.subarray(at, at + 8_192));
          }
          controller.close();
        },
      });
    };

    const atLimit = await call(
      template.provisioningId,
      chunked(padded('kees@acme.example', maxFlowthroughBytes)),
    );
    expect(atLimit.status).toBe(202);
    const before = await rowsOf(template.partnerId);

    const sized = await call(
      template.provisioningId,
      padded('lars@acme.example', maxFlowthroughBytes + 1),
    );
    const sizedHeaders = served.received.at(-1)!;
    const streamed = await call(
      template.provisioningId,
      chunked(padded('lars@acme.example', maxFlowthroughBytes + 1)),
    );
    const streamedHeaders = served.received.at(-1)!;

    expect(maxFlowthroughBytes).toBe(64 * 1024);
    expect(sizedHeaders['content-length']).toBe(String(maxFlowthroughBytes + 1));
    expect(streamedHeaders).toMatchObject({ 'transfer-encoding': 'chunked' });
    expect(streamedHeaders['content-length']).toBeUndefined();
    await expectError(sized, 413);
    await expectError(streamed, 413);
    expect(await rowsOf(template.partnerId)).toEqual(before);
  });

  it('answers 413 to a chunked body that never ends, then closes the connection', async () => {
    const template = await seedTemplate();
    const credential = Buffer.from(`broadworks:${password}`).toString('base64');
    const started = Date.now();

    const outcome = await new Promise<{ status: number; closedAfterMs: number }>(
      (resolve, reject) => {
        let status = 0;
        const outgoing = httpRequest(
          `${served.origin}/api/provisioning/${template.provisioningId}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Basic ${credential}` },
          },
        );
        const chunk = Buffer.alloc(1_024, ' ');
        const feed = setInterval(() => outgoing.write(chunk), 2);
        const closed = () => {
          clearInterval(feed);
          if (status === 0) reject(new Error('closed before an answer'));
          else resolve({ status, closedAfterMs: Date.now() - started });
        };
        outgoing.on('response', (incoming) => {
          status = incoming.statusCode!;
          incoming.resume();
        });
        outgoing.on('error', closed);
        outgoing.on('close', closed);
        outgoing.write('{"operation":"add","user":{"firstName":"');
      },
    );

    expect(outcome.status).toBe(413);
    expect(outcome.closedAfterMs).toBeLessThan(8_000);
  });

  it('answers 415 to a body that is neither JSON nor XML', async () => {
    const template = await seedTemplate();

    const response = await call(template.provisioningId, addBody('mila@acme.example'), {
      type: 'text/plain',
    });

    await expectError(response, 415);
    expect(await rowsOf(template.partnerId)).toEqual(noRows);
  });

  it('answers 204 to a delete and to the same delete again', async () => {
    const template = await seedTemplate();
    const added = await call(template.provisioningId, addBody('nina@acme.example'));
    const { subscriberId } = await added.json();

    const first = await call(template.provisioningId, deleteBody('nina@acme.example'));
    const second = await call(template.provisioningId, deleteBody('nina@acme.example'));

    expect([first.status, second.status]).toEqual([204, 204]);
    expect([await first.text(), await second.text()]).toEqual(['', '']);
    expect(second.headers.get('trackingid')).toMatch(trackingIdPattern);
    expect(await database.prisma.subscriber.findUnique({ where: { id: subscriberId } })).toBeNull();
  });

  it('answers 404 user_not_found to a modify of a user that was never added', async () => {
    const template = await seedTemplate();
    await call(template.provisioningId, addBody('otto@acme.example'));
    const before = await rowsOf(template.partnerId);
    const modify = JSON.stringify({
      ...JSON.parse(addBody('piet@acme.example')),
      operation: 'modify',
    });

    const response = await call(template.provisioningId, modify);

    expect((await expectError(response, 404)).errorCode).toBe('user_not_found');
    expect(await rowsOf(template.partnerId)).toEqual(before);
  });

  it('takes only POSTs to a provisioning URL onto the fast path', async () => {
    const template = await seedTemplate();
    const next = [
      await call(template.provisioningId, null, { method: 'GET', credential: null }),
      await call(template.provisioningId, addBody('rob@acme.example'), {
        path: `/api/provisioning/${template.provisioningId}/extra`,
      }),
    ];

    const withQuery = await call(template.provisioningId, addBody('rob@acme.example'), {
      path: `/api/provisioning/${template.provisioningId}?source=broadworks`,
    });

    for (const response of next) expect(response.headers.get('x-answered-by')).toBe('next');
    expect(withQuery.status).toBe(202);
    expect(withQuery.headers.get('x-answered-by')).toBeNull();
  });
});
