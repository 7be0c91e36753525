import { z } from 'zod';

import { flowthroughRequestSchema } from '@/lib/provisioning/contract';
import { flowthroughXmlExample } from '@/lib/provisioning/contract-examples';
import {
  createSubscriberSchema,
  listEnterprisesQuery,
  listSubscribersQuery,
  subscriberStatuses,
  updateSubscriberSchema,
} from '@/lib/subscribers/schemas';
import { subscriberPackages } from '@/lib/templates/schemas';

type JsonSchema = Record<string, unknown>;

/** The request schemas as JSON Schema, exactly as the routes validate their input. */
function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function queryParameters(schema: z.ZodType, described: Record<string, JsonSchema> = {}) {
  const { properties = {} } = inputSchema(schema) as { properties?: Record<string, JsonSchema> };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: described[name] ?? property,
  }));
}

// The status filter is parsed from text, so its schema alone would not show the values.
const statusFilter: JsonSchema = {
  type: 'string',
  description: `One status or several separated by commas: ${subscriberStatuses.join(', ')}.`,
  examples: ['provisioned,error'],
};

const writeScope = 'Needs a token with the write scope.';

const subscriberSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    userId: { type: 'string' },
    spEnterpriseId: { type: 'string' },
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    email: { type: ['string', 'null'] },
    primaryPhoneNumber: { type: ['string', 'null'] },
    mobilePhoneNumber: { type: ['string', 'null'] },
    extension: { type: ['string', 'null'] },
    package: { enum: [...subscriberPackages] },
    status: { enum: [...subscriberStatuses] },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          errorCode: {
            type: 'string',
            description:
              'email_domain_taken, customer_org_missing, customer_org_failed, ' +
              'provisioning_failed or worker_lost.',
          },
          description: { type: 'string' },
        },
      },
    },
    orgId: { type: ['string', 'null'], format: 'uuid' },
    provisioningId: { type: 'string' },
    selfActivated: { type: 'boolean' },
    created: { type: 'string', format: 'date-time' },
    lastStatusChange: { type: 'string', format: 'date-time' },
  },
};

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['message', 'errors', 'trackingId'],
  properties: {
    message: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['description'],
        properties: {
          description: { type: 'string' },
          field: { type: 'string', description: 'The field a validation error is about.' },
        },
      },
    },
    trackingId: { type: 'string', description: 'Quote it to support.' },
    errorCode: {
      type: 'string',
      description:
        'A refusal with a documented cause: user_id_taken, user_not_found, ' +
        'flowthrough_disabled, customer_org_missing or email_domain_taken.',
    },
  },
};

const health = { enum: ['operational', 'degraded', 'outage'] };

const serviceStatusSchema: JsonSchema = {
  type: 'object',
  required: ['status', 'components', 'incidents'],
  properties: {
    status: { ...health, description: 'The worst of the components and open incidents.' },
    components: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'status', 'detail', 'changedAt'],
        properties: {
          name: { enum: ['database', 'workers', 'provisioning', 'certificates'] },
          status: health,
          detail: { type: 'string' },
          changedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
    incidents: {
      type: 'array',
      description: 'Open incidents, newest first, then the latest resolved ones.',
      items: {
        type: 'object',
        required: ['id', 'title', 'message', 'impact', 'status', 'createdAt', 'resolvedAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          title: { type: 'string' },
          message: { type: 'string' },
          impact: { enum: ['degraded', 'outage'] },
          status: { enum: ['open', 'resolved'] },
          createdAt: { type: 'string', format: 'date-time' },
          resolvedAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const standardErrors = {
  '400': errorResponse('The request is not valid; each error names its field.'),
  '401': errorResponse('No valid token in the Authorization header.'),
  '403': errorResponse('The token may only read.'),
  '429': errorResponse('Too many requests; see Retry-After.'),
};

const etagHeader = {
  ETag: {
    description: 'The version of the subscriber, for If-Match.',
    schema: { type: 'string' },
  },
};

const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const subscriberRef = { $ref: '#/components/schemas/Subscriber' };
const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};

/** The OpenAPI 3.1 description of the public API and the flowthrough endpoint. */
export function buildOpenApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Partner Hub API',
      version: '1.0.0',
      description:
        'Subscriber provisioning for the partner’s own systems (bearer tokens created in the ' +
        'hub) and the flowthrough endpoint BroadWorks calls (HTTP Basic per customer template).',
    },
    servers: [{ url: baseUrl }],
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer' },
        provisioningAccount: { type: 'http', scheme: 'basic' },
      },
      schemas: {
        Subscriber: subscriberSchema,
        ServiceStatus: serviceStatusSchema,
        Error: errorSchema,
      },
    },
    security: [{ bearerToken: [] }],
    paths: {
      '/api/v1/broadworks/subscribers': {
        get: {
          summary: 'List subscribers',
          description: 'The next page, when there is one, is in the Link header (rel="next").',
          parameters: queryParameters(listSubscribersQuery, { status: statusFilter }),
          responses: {
            '200': {
              description: 'One page of subscribers in creation order.',
              headers: { Link: { schema: { type: 'string' } } },
              ...json({
                type: 'object',
                properties: { items: { type: 'array', items: subscriberRef } },
              }),
            },
            ...standardErrors,
          },
        },
        post: {
          summary: 'Create a subscriber',
          description:
            'Answers 201 with the subscriber in status provisioning; 200 when it already exists.',
          requestBody: { required: true, ...json(inputSchema(createSubscriberSchema)) },
          responses: {
            '201': {
              description: 'Created; provisioning runs in the background.',
              ...json(subscriberRef),
            },
            '200': { description: 'The same subscriber already exists.', ...json(subscriberRef) },
            '409': errorResponse('The user ID belongs to another template or enterprise.'),
            ...standardErrors,
          },
        },
      },
      '/api/v1/broadworks/subscribers/validate': {
        post: {
          summary: 'Check whether a subscriber would provision, without creating it',
          requestBody: { required: true, ...json(inputSchema(createSubscriberSchema)) },
          responses: {
            '200': {
              description: 'It would.',
              ...json({ type: 'object', properties: { valid: { const: true } } }),
            },
            '409': errorResponse(
              'It would conflict: the user ID is taken (user_id_taken), no customer ' +
                'organisation exists (customer_org_missing), or the email domain belongs to ' +
                'another customer (email_domain_taken).',
            ),
            ...standardErrors,
          },
        },
      },
      '/api/v1/broadworks/subscribers/{id}': {
        parameters: [idParameter],
        get: {
          summary: 'Get a subscriber',
          responses: {
            '200': { description: 'The subscriber.', headers: etagHeader, ...json(subscriberRef) },
            '404': errorResponse('Not found.'),
            ...standardErrors,
          },
        },
        put: {
          summary: 'Change names, numbers, package or time zone',
          description:
            'A provisioned subscriber moves to updating until the change is done, one in error ' +
            'starts again. An empty mobilePhoneNumber removes it. With If-Match, the change ' +
            'applies only to that version.',
          parameters: [
            {
              name: 'If-Match',
              in: 'header',
              required: false,
              description: 'The ETag of the version read; a newer one answers 412.',
              schema: { type: 'string' },
            },
          ],
          requestBody: { required: true, ...json(inputSchema(updateSubscriberSchema)) },
          responses: {
            '200': {
              description: 'The changed subscriber.',
              headers: etagHeader,
              ...json(subscriberRef),
            },
            '404': errorResponse('Not found.'),
            '412': errorResponse('The subscriber changed since the version in If-Match.'),
            ...standardErrors,
          },
        },
        delete: {
          summary: 'Remove a subscriber (its licence)',
          description: writeScope,
          responses: {
            '204': { description: 'Removed.' },
            '404': errorResponse('Not found, also when deleted before.'),
            ...standardErrors,
          },
        },
      },
      '/api/v1/broadworks/enterprises': {
        get: {
          summary: 'List customer organisations by service-provider enterprise ID',
          parameters: queryParameters(listEnterprisesQuery),
          responses: {
            '200': { description: 'Customer organisations with their org ID and provisioning ID.' },
            ...standardErrors,
          },
        },
      },
      '/api/v1/status': {
        get: {
          summary: 'Service status: components and incidents',
          description:
            'The status the hub’s status page shows. Any token may read it. Changes can also ' +
            'be pushed to a webhook subscribed in the hub.',
          responses: {
            '200': {
              description: 'The current status.',
              ...json({ $ref: '#/components/schemas/ServiceStatus' }),
            },
            '401': standardErrors['401'],
            '429': standardErrors['429'],
          },
        },
      },
      '/api/provisioning/{provisioningId}': {
        post: {
          summary: 'Flowthrough: BroadWorks adds, changes or removes a user',
          description:
            'Called by the BroadWorks provisioning adapter with the template’s provisioning account. ' +
            'JSON as below, or XML of the same shape with root <flowthroughRequest operation="…" sequence="…">.',
          security: [{ provisioningAccount: [] }],
          parameters: [
            { name: 'provisioningId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: inputSchema(flowthroughRequestSchema) },
              'application/xml': {
                schema: {
                  type: 'string',
                  description:
                    'The JSON fields as elements of <user>; operation and sequence as ' +
                    'attributes of the root. No DTD or declared entities.',
                },
                example: flowthroughXmlExample,
              },
            },
          },
          responses: {
            '202': {
              description:
                'Accepted (or ignored as older than an applied change or delete); the work is queued.',
              ...json({
                type: 'object',
                required: ['status', 'trackingId'],
                properties: {
                  status: { enum: ['accepted', 'ignored'] },
                  subscriberId: { type: 'string', format: 'uuid' },
                  trackingId: { type: 'string' },
                },
              }),
            },
            '204': { description: 'Deleted, or the user was not there.' },
            '400': errorResponse('Malformed or incomplete body; each error names its field.'),
            '401': errorResponse('Wrong or missing provisioning credentials.'),
            '403': errorResponse('Flowthrough is disabled for the template.'),
            '404': errorResponse('A modify of a user that was never added (user_not_found).'),
            '409': errorResponse('The user ID belongs to another template or enterprise.'),
            '413': errorResponse('The body is larger than 64 KiB.'),
            '415': errorResponse('The body is neither JSON nor XML.'),
            '429': errorResponse('Too many calls for this credential or address; see Retry-After.'),
            '503': errorResponse('The database is unavailable or saturated; see Retry-After.'),
          },
        },
      },
    },
  };
}
