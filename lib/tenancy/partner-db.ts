import { getDatabase } from '@/lib/db/database';
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';

/** Models whose rows belong to one partner: every query on them is scoped by `partnerId`. */
export const partnerScopedModels = [
  'User',
  'AuditEntry',
  'Cluster',
  'CustomerTemplate',
  'CustomerOrg',
  'Subscriber',
  'SubscriberDeletion',
  'ApiToken',
  'Job',
  'OutboxMessage',
  'ClientIdentity',
  'XspCertificate',
  'Incident',
  'StatusWebhook',
  'ComponentStatus',
  'RequestLog',
  'RequestLogDaily',
] as const;

/** Models that are not partner data and may only be used through system code. */
export const systemModels = ['SignInFailure', 'RateLimit', 'RequestLogRollup'] as const;

const scoped = new Set<string>(partnerScopedModels);

const whereOperations = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
]);

export class TenancyViolation extends Error {}

type Args = Record<string, unknown> & {
  where?: object;
  data?: unknown;
  create?: object;
  update?: object;
};

function scalarFieldsOf(model: string): Set<string> {
  const fields = (Prisma as unknown as Record<string, object | undefined>)[
    `${model}ScalarFieldEnum`
  ];
  return new Set(Object.keys(fields ?? {}));
}

function assertNoOtherPartner(data: unknown, partnerId: string, model: string): void {
  const scalarFields = scalarFieldsOf(model);
  const rows = Array.isArray(data) ? data : [data];
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    const record = row as Record<string, unknown>;
    // A nested write through a relation reaches rows that this scope never sees, such as
    // connecting another partner's user to this partner.
    const relation = Object.keys(record).find((key) => !scalarFields.has(key));
    if (relation) {
      throw new TenancyViolation(
        `${model}: write ${relation} through the scoped client, not as a nested write`,
      );
    }
    if ('partnerId' in record && record.partnerId !== partnerId) {
      throw new TenancyViolation(`${model}: a write named another partner`);
    }
  }
}

function withPartner(data: unknown, partnerId: string): unknown {
  return Array.isArray(data)
    ? data.map((row: object) => ({ ...row, partnerId }))
    : { ...(data as object), partnerId };
}

export function scopeArguments(
  model: string,
  operation: string,
  args: Args,
  partnerId: string,
): Args {
  if (model === 'Partner') {
    if (!whereOperations.has(operation) || operation.endsWith('Many') || operation === 'delete') {
      throw new TenancyViolation(`Partner: ${operation} is not available to partner code`);
    }
    if (args.data !== undefined) assertNoOtherPartner(args.data, partnerId, model);

    // The id asked for stays, so that asking for another partner finds nothing rather than
    // quietly answering with this one.
    const where = (args.where ?? {}) as Record<string, unknown>;
    return {
      ...args,
      where: { id: partnerId, ...where, AND: [where.AND ?? [], { id: partnerId }].flat() },
    };
  }

  if (!scoped.has(model)) {
    throw new TenancyViolation(
      `${model} is not partner data; it is only reachable from system code`,
    );
  }

  if (whereOperations.has(operation)) {
    if (args.data !== undefined) assertNoOtherPartner(args.data, partnerId, model);
    return { ...args, where: { ...args.where, partnerId } };
  }

  if (operation === 'create' || operation === 'createMany' || operation === 'createManyAndReturn') {
    assertNoOtherPartner(args.data, partnerId, model);
    return { ...args, data: withPartner(args.data, partnerId) };
  }

  if (operation === 'upsert') {
    assertNoOtherPartner(args.create, partnerId, model);
    assertNoOtherPartner(args.update, partnerId, model);
    return {
      ...args,
      where: { ...args.where, partnerId },
      create: withPartner(args.create, partnerId) as object,
    };
  }

  throw new TenancyViolation(`${model}: ${operation} has no partner scope`);
}

function extendForPartner(prisma: PrismaClient, partnerId: string) {
  return prisma.$extends({
    name: 'partner-scope',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          return query(scopeArguments(model, operation, args as Args, partnerId) as never);
        },
      },
    },
  });
}

export type PartnerDb = ReturnType<typeof extendForPartner>;

/**
 * The data access of partner code: every read and write is limited to one partner's rows.
 * The partner always comes from the caller's session or credential, never from input.
 */
export function partnerDb(partnerId: string, prisma = getDatabase().prisma): PartnerDb {
  return extendForPartner(prisma, partnerId);
}

/**
 * A scoped transaction seen as a plain transaction client, for helpers shared with system
 * code. Only the type widens: at run time every query still carries the partner scope.
 */
export function asTransactionClient(tx: unknown): Prisma.TransactionClient {
  return tx as Prisma.TransactionClient;
}
