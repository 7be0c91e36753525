import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { seal } from '@/lib/crypto/secret-box';
import { Prisma } from '@/lib/generated/prisma/client';
import { AppError, notFound } from '@/lib/http/errors';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import { releaseSupported } from './releases';
import { interfaceUrlFields, type CreateClusterInput, type UpdateClusterInput } from './schemas';

// Listed field by field so that a new secret column stays out of every answer by default.
const clusterSelect = {
  id: true,
  name: true,
  release: true,
  xsiActionsUrl: true,
  xsiEventsUrl: true,
  authServiceUrl: true,
  authUseCloudToken: true,
  ctiUrl: true,
  ctiPort: true,
  dasUrl: true,
  directBroadWorksAuth: true,
  callHistorySync: true,
  callHistorySyncUserId: true,
  dndSync: true,
  dndSyncUserId: true,
  assistantStatusSync: true,
  assistantStatusSyncUserId: true,
  validationUserId: true,
  validationPasswordSealed: true,
  connectivityStatus: true,
  connectivityResults: true,
  connectivityCheckedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { templates: true } },
} satisfies Prisma.ClusterSelect;

type ClusterRow = Prisma.ClusterGetPayload<{ select: typeof clusterSelect }>;

export function toClusterView(row: ClusterRow) {
  const { validationPasswordSealed, _count, ...cluster } = row;
  return {
    ...cluster,
    validationPasswordSet: validationPasswordSealed !== null,
    templateCount: _count.templates,
    releaseSupported: releaseSupported(cluster.release),
  };
}

export type ClusterView = ReturnType<typeof toClusterView>;

/** What an audit entry keeps of a cluster: everything but the secret. */
function auditSnapshot(view: ClusterView) {
  const { connectivityResults: _results, templateCount: _count, ...rest } = view;
  return JSON.parse(JSON.stringify(rest)) as Prisma.InputJsonValue;
}

function storedFields(input: CreateClusterInput | UpdateClusterInput) {
  const { validationPassword, ...fields } = input;
  const data = {
    name: fields.name,
    release: fields.release,
    xsiActionsUrl: fields.xsiActionsUrl,
    xsiEventsUrl: fields.xsiEventsUrl,
    authServiceUrl: fields.authServiceUrl,
    authUseCloudToken: fields.authUseCloudToken,
    ctiUrl: fields.ctiUrl ?? null,
    ctiPort: fields.ctiPort ?? null,
    dasUrl: fields.dasUrl ?? null,
    directBroadWorksAuth: fields.directBroadWorksAuth,
    callHistorySync: fields.callHistorySync,
    callHistorySyncUserId: fields.callHistorySyncUserId || null,
    dndSync: fields.dndSync,
    dndSyncUserId: fields.dndSyncUserId || null,
    assistantStatusSync: fields.assistantStatusSync,
    assistantStatusSyncUserId: fields.assistantStatusSyncUserId || null,
    validationUserId: fields.validationUserId || null,
  };
  const sealedPassword = validationPassword ? seal(validationPassword) : undefined;

  return { data, sealedPassword };
}

function nameTaken(): AppError {
  return new AppError(
    'conflict',
    'A cluster with this name already exists.',
    [{ field: 'name', description: 'name: Another cluster of yours has this name.' }],
    {},
    { reason: 'name_taken' },
  );
}

async function withNameConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw nameTaken();
    throw error;
  }
}

export async function listClusters(db: PartnerDb): Promise<ClusterView[]> {
  const rows = await db.cluster.findMany({ select: clusterSelect, orderBy: { name: 'asc' } });
  return rows.map(toClusterView);
}

export async function findCluster(db: PartnerDb, clusterId: string): Promise<ClusterView> {
  const row = await db.cluster.findUnique({ where: { id: clusterId }, select: clusterSelect });
  if (!row) throw notFound('cluster');

  return toClusterView(row);
}

/** Customer organisations served by the cluster, through any of its templates. */
export function countCustomerOrgsOfCluster(db: PartnerDb, clusterId: string): Promise<number> {
  return db.customerOrg.count({ where: { template: { clusterId } } });
}

export async function createCluster(
  db: PartnerDb,
  options: { actor: CurrentUser; input: CreateClusterInput },
): Promise<ClusterView> {
  const { actor, input } = options;
  const { data, sealedPassword } = storedFields(input);

  return withNameConflict(() =>
    db.$transaction(async (tx) => {
      const row = await tx.cluster.create({
        data: { ...data, partnerId: actor.partnerId, validationPasswordSealed: sealedPassword },
        select: clusterSelect,
      });
      const cluster = toClusterView(row);
      await recordAudit(tx, {
        ...auditActor(actor),
        action: 'cluster.created',
        targetType: 'cluster',
        targetId: cluster.id,
        outcome: 'success',
        details: { after: auditSnapshot(cluster) },
      });
      return cluster;
    }),
  );
}

function staleVersion(currentVersion: number): AppError {
  return new AppError(
    'conflict',
    'This cluster was changed by someone else since you opened it.',
    ['Reload the cluster to see the latest values, then make your change again.'],
    {},
    { reason: 'stale_version', currentVersion },
  );
}

export async function updateCluster(
  db: PartnerDb,
  options: { actor: CurrentUser; clusterId: string; input: UpdateClusterInput },
): Promise<ClusterView> {
  const { actor, clusterId, input } = options;
  const { data, sealedPassword } = storedFields(input);

  return withNameConflict(() =>
    db.$transaction(async (tx) => {
      const beforeRow = await tx.cluster.findUnique({
        where: { id: clusterId },
        select: clusterSelect,
      });
      if (!beforeRow) throw notFound('cluster');
      if (beforeRow.version !== input.version) throw staleVersion(beforeRow.version);

      const before = toClusterView(beforeRow);
      const interfacesChanged = interfaceUrlFields.some((field) => before[field] !== data[field]);
      if (interfacesChanged && !input.confirmWideImpact) {
        const affected = await countCustomerOrgsOfCluster(tx as PartnerDb, clusterId);
        if (affected > 0) {
          throw new AppError(
            'conflict',
            `Changing the interface URLs affects ${affected} customer organisation(s).`,
            ['Confirm the change to apply it to all of them.'],
            {},
            { reason: 'confirmation_required', affectedCustomerOrgs: affected },
          );
        }
      }

      // The version in the filter makes a concurrent save that got here first win cleanly.
      const { count } = await tx.cluster.updateMany({
        where: { id: clusterId, version: input.version },
        data: {
          ...data,
          ...(sealedPassword ? { validationPasswordSealed: sealedPassword } : {}),
          ...(interfacesChanged
            ? {
                connectivityStatus: 'not_checked' as const,
                connectivityResults: Prisma.DbNull,
                connectivityCheckedAt: null,
              }
            : {}),
          version: { increment: 1 },
        },
      });
      if (count === 0) throw staleVersion(input.version + 1);

      const after = toClusterView(
        (await tx.cluster.findUnique({ where: { id: clusterId }, select: clusterSelect }))!,
      );
      await recordAudit(tx, {
        ...auditActor(actor),
        action: 'cluster.updated',
        targetType: 'cluster',
        targetId: clusterId,
        outcome: 'success',
        details: {
          before: auditSnapshot(before),
          after: auditSnapshot(after),
          validationPasswordChanged: sealedPassword !== undefined,
        },
      });
      return after;
    }),
  );
}

/** Deletes a cluster no template links to; otherwise answers which templates block it. */
export async function deleteCluster(
  db: PartnerDb,
  options: { actor: CurrentUser; clusterId: string },
): Promise<void> {
  const { actor, clusterId } = options;

  await db.$transaction(async (tx) => {
    const row = await tx.cluster.findUnique({ where: { id: clusterId }, select: clusterSelect });
    if (!row) throw notFound('cluster');

    const templates = await tx.customerTemplate.findMany({
      where: { clusterId },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    });
    if (templates.length > 0) {
      throw new AppError(
        'conflict',
        'This cluster cannot be deleted while customer templates are linked to it.',
        templates.map((template) => ({ description: `Linked template: ${template.name}` })),
        {},
        { reason: 'cluster_in_use', templates },
      );
    }

    await tx.cluster.delete({ where: { id: clusterId } });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'cluster.deleted',
      targetType: 'cluster',
      targetId: clusterId,
      outcome: 'success',
      details: { before: auditSnapshot(toClusterView(row)) },
    });
  });
}
