import { recordAudit } from '@/lib/audit/record-audit';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/http/errors';
import { enqueueJob } from '@/lib/jobs/queue';

import type { FlowthroughTemplate } from './credential';
import type { FlowthroughRequest, FlowthroughUser } from './contract';
import { provisionJobKind } from './job-kinds';

export type AcceptResult =
  | { outcome: 'accepted'; subscriberId: string }
  | { outcome: 'ignored'; subscriberId: string; reason: string }
  | { outcome: 'deleted' }
  | { outcome: 'absent' };

type Tx = Prisma.TransactionClient;

// A burst of calls queues for a database connection; waiting a little beats refusing them.
const acceptTransactionLimits = { maxWait: 10_000, timeout: 10_000 };

function orgKeyOf(template: FlowthroughTemplate, user: FlowthroughUser): string {
  if (template.orgMode === 'enterprise') return user.enterpriseId;
  if (!user.groupId) {
    throw new AppError('validation_failed', 'The request is not valid.', [
      {
        field: 'user.groupId',
        description: 'user.groupId: Is required for a template in group mode.',
      },
    ]);
  }
  return user.groupId;
}

function userIdTaken(): AppError {
  return new AppError(
    'conflict',
    'This BroadWorks user ID is already provisioned elsewhere.',
    ['The user belongs to another template or enterprise of this partner.'],
    {},
    { errorCode: 'user_id_taken' },
  );
}

function subscriberFields(user: FlowthroughUser) {
  return {
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email ?? null,
    primaryPhoneNumber: user.primaryPhoneNumber ?? null,
    mobilePhoneNumber: user.mobilePhoneNumber ?? null,
    extension: user.extension ?? null,
    language: user.language ?? null,
    timezone: user.timeZone ?? null,
  };
}

async function queueProvisioning(tx: Tx, partnerId: string, subscriberId: string, change: bigint) {
  await enqueueJob(tx, {
    kind: provisionJobKind.subscriber,
    partnerId,
    payload: { subscriberId },
    dedupeKey: `subscriber:${subscriberId}:change:${change}`,
  });
}

async function add(tx: Tx, template: FlowthroughTemplate, user: FlowthroughUser, sequence: bigint) {
  const orgKey = orgKeyOf(template, user);
  const key = { partnerId_userId: { partnerId: template.partnerId, userId: user.userId } };

  if (template.createOrgsAutomatically) {
    // The first user of an enterprise creates its organisation; concurrent first users all
    // land on the one row the unique key allows.
    await tx.customerOrg.createMany({
      data: [
        {
          partnerId: template.partnerId,
          templateId: template.id,
          name: user.enterpriseName ?? orgKey,
          spEnterpriseId: orgKey,
        },
      ],
      skipDuplicates: true,
    });
  }
  const org = await tx.customerOrg.findUnique({
    where: { templateId_spEnterpriseId: { templateId: template.id, spEnterpriseId: orgKey } },
    select: { id: true, status: true },
  });

  await tx.subscriber.createMany({
    data: [
      {
        ...subscriberFields(user),
        partnerId: template.partnerId,
        templateId: template.id,
        customerOrgId: org?.id ?? null,
        userId: user.userId,
        spEnterpriseId: orgKey,
        package: template.defaultPackage,
        changeSequence: sequence,
      },
    ],
    skipDuplicates: true,
  });
  const subscriber = await tx.subscriber.findUniqueOrThrow({ where: key });
  if (subscriber.templateId !== template.id || subscriber.spEnterpriseId !== orgKey) {
    throw userIdTaken();
  }

  if (org?.status === 'provisioning') {
    await enqueueJob(tx, {
      kind: provisionJobKind.customerOrg,
      partnerId: template.partnerId,
      payload: { customerOrgId: org.id },
      dedupeKey: `customer-org:${org.id}:create`,
    });
  }
  await queueProvisioning(tx, template.partnerId, subscriber.id, subscriber.changeSequence);

  return subscriber.id;
}

/**
 * Records a flowthrough call and queues its work in one transaction, then answers: the
 * caller learns that the work is durable, not that it is done.
 */
export async function acceptFlowthrough(
  prisma: PrismaClient,
  options: { template: FlowthroughTemplate; request: FlowthroughRequest; actorLabel: string },
): Promise<AcceptResult> {
  const { template, request } = options;
  const key = { partnerId_userId: { partnerId: template.partnerId, userId: request.user.userId } };

  return prisma.$transaction(async (tx) => {
    const existing = await tx.subscriber.findUnique({ where: key });
    if (existing && existing.templateId !== template.id) throw userIdTaken();

    // A repeated add of a known user changes nothing and answers the same.
    if (existing && request.operation === 'add') {
      return { outcome: 'accepted', subscriberId: existing.id } as AcceptResult;
    }

    const sequence =
      request.sequence !== undefined
        ? BigInt(request.sequence)
        : (existing?.changeSequence ?? BigInt(0)) + BigInt(1);
    if (existing && sequence <= existing.changeSequence) {
      return {
        outcome: 'ignored',
        subscriberId: existing.id,
        reason: 'A newer change of this user was already applied.',
      } as AcceptResult;
    }

    let result: AcceptResult;
    if (request.operation === 'add') {
      result = {
        outcome: 'accepted',
        subscriberId: await add(tx, template, request.user, sequence),
      };
    } else if (request.operation === 'modify') {
      if (!existing) {
        throw new AppError(
          'not_found',
          'No subscriber with this BroadWorks user ID.',
          ['Send an add for the user first.'],
          {},
          { errorCode: 'user_not_found' },
        );
      }
      await tx.subscriber.update({
        where: { id: existing.id },
        data: {
          ...subscriberFields(request.user),
          changeSequence: sequence,
          status: existing.status === 'provisioned' ? 'updating' : existing.status,
          lastStatusChange: existing.status === 'provisioned' ? new Date() : undefined,
        },
      });
      await queueProvisioning(tx, template.partnerId, existing.id, sequence);
      result = { outcome: 'accepted', subscriberId: existing.id };
    } else {
      if (!existing) return { outcome: 'absent' } as AcceptResult;
      await tx.subscriber.delete({ where: { id: existing.id } });
      result = { outcome: 'deleted' };
    }

    await recordAudit(tx, {
      partnerId: template.partnerId,
      actorLabel: options.actorLabel,
      action: `subscriber.flowthrough_${request.operation}`,
      targetType: 'subscriber',
      targetId: existing?.id ?? (result as { subscriberId?: string }).subscriberId,
      outcome: 'success',
      details: { userId: request.user.userId, sequence: sequence.toString() },
    });
    return result;
  }, acceptTransactionLimits);
}
