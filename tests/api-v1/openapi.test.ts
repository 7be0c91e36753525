import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import Ajv2020 from 'ajv/dist/2020';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';

import {
  createSubscriberSchema,
  listSubscribersQuery,
  updateSubscriberSchema,
} from '@/lib/subscribers/schemas';

import { appOrigin, routeContext, type RouteHandler } from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { setEnv } from '../support/env';
import {
  callPublicApi,
  issueToken,
  publicApiFetch,
  seedTemplate,
  subscriberInput,
  type SubscriberJson,
} from '../support/public-api';
import { seedPartner } from '../support/seed';

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, unknown>;
  required?: string[];
};

interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  security: Record<string, unknown>[];
  paths: Record<string, Record<string, OperationObject | unknown>>;
}

interface OperationObject {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const publicApiDirectory = path.join(process.cwd(), 'app/api/v1/broadworks');
const baseUrl = 'https://hub.partner.example';

/** Every route file of the public API with the URL path Next serves it under. */
function publicApiRouteFiles() {
  const files = readdirSync(publicApiDirectory, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'route.ts')
    .map((file) => path.join(publicApiDirectory, file));

  return files.map((file) => {
    const segments = path.relative(path.join(process.cwd(), 'app'), path.dirname(file));
    const urlPath = `/${segments.split(path.sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}');
    return { file, urlPath };
  });
}

/** The names a zod object accepts, and those it cannot do without. */
function fieldsOf(schema: z.ZodObject) {
  const names = Object.keys(schema.shape);
  const required = names.filter(
    (name) => !(schema.shape[name] as z.ZodType).safeParse(undefined).success,
  );
  return { names: names.sort(), required: required.sort() };
}

describe('OpenAPI description of the public API', () => {
  let database: TestDatabase;
  let restoreEnv: () => void;
  let document: OpenApiDocument;
  let token: string;
  let provisioningId: string;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

  beforeAll(async () => {
    restoreEnv = setEnv({ APP_BASE_URL: baseUrl });
    database = await installTestDatabase();
    const partnerId = (await seedPartner(database.prisma)).id;
    provisioningId = (await seedTemplate(database.prisma, { partnerId })).provisioningId;
    token = (await issueToken(database.prisma, { partnerId, scope: 'write' })).token;

    const answer = await callPublicApi<OpenApiDocument>('/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    document = answer.body;
  });
  afterAll(async () => {
    restoreEnv?.();
    await database?.close();
  });

  const operation = (urlPath: string, method: string) =>
    document.paths[urlPath]?.[method] as OperationObject | undefined;

  const requestSchema = (urlPath: string, method: string) =>
    operation(urlPath, method)!.requestBody!.content['application/json']!.schema;

  it('is served without credentials, as OpenAPI 3.1.0 JSON', async () => {
    const response = await publicApiFetch(`${appOrigin}/api/v1/openapi.json`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: baseUrl }]);
    expect(document.components.securitySchemes.bearerToken).toEqual({
      type: 'http',
      scheme: 'bearer',
    });
    expect(document.security).toEqual([{ bearerToken: [] }]);
  });

  it('describes exactly the methods each public API route answers', async () => {
    const routes = publicApiRouteFiles();
    expect(routes.length).toBeGreaterThanOrEqual(4);

    for (const { file, urlPath } of routes) {
      const route = (await import(file)) as Record<string, RouteHandler | undefined>;
      const supported: string[] = [];

      for (const method of methods) {
        const handler = route[method];
        expect(handler, `${method} ${urlPath} is exported`).toBeTypeOf('function');

        const id = randomUUID();
        const url = `${appOrigin}${urlPath.replace('{id}', id)}`;
        const response = await handler!(
          new NextRequest(url, {
            method,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
          }),
          routeContext({ id }),
        );
        expect(response.status, `${method} ${urlPath}`).toBeLessThan(500);
        if (response.status !== 405) supported.push(method.toLowerCase());
        else expect(response.headers.get('allow')).toBeTruthy();
      }

      const documented = Object.keys(document.paths[urlPath] ?? {}).filter((key) =>
        methods.some((method) => method.toLowerCase() === key),
      );
      expect(documented.sort(), urlPath).toEqual(supported.sort());
    }
  });

  it('documents no path that has no route', () => {
    for (const urlPath of Object.keys(document.paths)) {
      const directory = path.join(process.cwd(), 'app', urlPath.replace(/\{(\w+)\}/g, '[$1]'));

      expect(existsSync(path.join(directory, 'route.ts')), urlPath).toBe(true);
    }
  });

  it('has a create schema that takes a valid body and refuses unknown or missing fields', () => {
    const schema = requestSchema('/api/v1/broadworks/subscribers', 'post');
    const validateBody = ajv.compile(schema);
    const valid = subscriberInput(provisioningId);
    const { firstName: _firstName, ...withoutFirstName } = valid;

    expect(validateBody(valid), JSON.stringify(validateBody.errors)).toBe(true);
    expect(validateBody({ ...valid, status: 'provisioned' })).toBe(false);
    expect(validateBody(withoutFirstName)).toBe(false);
    expect(validateBody({ ...valid, package: 'gold' })).toBe(false);
    expect(createSubscriberSchema.safeParse(valid).success).toBe(true);

    const fields = fieldsOf(createSubscriberSchema);
    expect(Object.keys(schema.properties!).sort()).toEqual(fields.names);
    expect([...schema.required!].sort()).toEqual(fields.required);
    expect(fields.required).toEqual(
      ['firstName', 'lastName', 'package', 'provisioningId', 'spEnterpriseId', 'userId'].sort(),
    );
    expect(requestSchema('/api/v1/broadworks/subscribers/validate', 'post')).toEqual(schema);
  });

  it('has an update schema with the fields a PUT may change', () => {
    const schema = requestSchema('/api/v1/broadworks/subscribers/{id}', 'put');
    const validateBody = ajv.compile(schema);

    expect(validateBody({ package: 'premium', mobilePhoneNumber: '' })).toBe(true);
    expect(validateBody({ email: 'someone@acme.example' })).toBe(false);
    expect(validateBody({ status: 'provisioned' })).toBe(false);
    expect(Object.keys(schema.properties!).sort()).toEqual(fieldsOf(updateSubscriberSchema).names);
  });

  it('lists every filter of the subscriber list', () => {
    const parameters = operation('/api/v1/broadworks/subscribers', 'get')!.parameters!;

    expect(parameters.every((parameter) => parameter.in === 'query')).toBe(true);
    expect(parameters.map((parameter) => parameter.name).sort()).toEqual(
      fieldsOf(listSubscribersQuery).names,
    );
    expect(parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining([
        'userId',
        'email',
        'provisioningId',
        'spEnterpriseId',
        'status',
        'after',
        'lastStatusChange',
        'selfActivated',
        'max',
      ]),
    );
  });

  it('describes the subscriber and the error body as the API sends them', async () => {
    const created = await callPublicApi<SubscriberJson>('/api/v1/broadworks/subscribers', {
      method: 'POST',
      token,
      body: subscriberInput(provisioningId),
    });
    const refused = await callPublicApi('/api/v1/broadworks/subscribers', {
      method: 'POST',
      token,
      body: { provisioningId },
    });
    const subscriberSchema = document.components.schemas.Subscriber!;
    const errorSchema = document.components.schemas.Error!;

    expect(created.status).toBe(201);
    expect(Object.keys(subscriberSchema.properties!).sort()).toEqual(
      Object.keys(created.body).sort(),
    );
    const validateSubscriber = ajv.compile(subscriberSchema);
    expect(validateSubscriber(created.body), JSON.stringify(validateSubscriber.errors)).toBe(true);
    expect(refused.status).toBe(400);
    const validateError = ajv.compile(errorSchema);
    expect(validateError(refused.body), JSON.stringify(validateError.errors)).toBe(true);
  });
});
