import { recordAudit } from '@/lib/audit/record-audit';
import type { SqlConnection } from '@/lib/db/driver';
import type { Prisma, PrismaClient, SubscriberStatus } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/http/errors';

import type { FlowthroughRequest, FlowthroughUser } from './contract';
import type { FlowthroughTemplate } from './credential';
import { acceptNewSubscriber } from './accept-add';
import { queueHeldRelease } from './jobs';
import { emailDomainOf, queueProvisioning, userIdTaken } from './record-subscriber';

export type AcceptResult =
  | { outcome: 'accepted'; subscriberId: string }
  | { outcome: 'ignored'; subscriberId?: string; reason: string }
  | { outcome: 'deleted' }
  | { outcome: 'absent' };

// A burst of calls queues for a database connection; waiting a little beats refusing them.
const acceptTransactionLimits = { maxWait: 10_000, timeout: 10_000 };

const maxOrgKeyLength = 161;

const newerDeleteApplied = 'A newer delete of this user was already applied.';

function groupIdInvalid(description: string): AppError {
  return new AppError('validation_failed', 'The request is not valid.', [
    { field: 'user.groupId', description: `user.groupId: ${description}` },
  ]);
}

/**
 * The key of a user's customer organisation: its enterprise, or in group mode its enterprise
 * and group together, since a group ID is only unique within its enterprise.
 */
function orgKeyOf(template: FlowthroughTemplate, user: FlowthroughUser): string {
  if (template.orgMode === 'enterprise') return user.enterpriseId;
  if (!user.groupId) throw groupIdInvalid('Is required for a template in group mode.');

  const key = `${user.enterpriseId}/${user.groupId}`;
  if (key.length > maxOrgKeyLength) {
    throw groupIdInvalid(
      `With user.enterpriseId at most ${maxOrgKeyLength - 1} characters in group mode.`,
    );
  }
  return key;
}

function subscriberFields(user: FlowthroughUser) {
  return {
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email ?? null,
    emailDomain: emailDomainOf(user.email),
    primaryPhoneNumber: user.primaryPhoneNumber ?? null,
    mobilePhoneNumber: user.mobilePhoneNumber ?? null,
    extension: user.extension ?? null,
    language: user.language ?? null,
    timezone: user.timeZone ?? null,
  };
}

/**
 * Where a modify takes a subscriber. A settled one is updating; one that waited for an address,
 * or failed, starts again; a changed address of an untrusted template is confirmed again.
 */
function statusAfterModify(
  template: FlowthroughTemplate,
  existing: { status: SubscriberStatus; email: string | null },
  email: string | null,
): SubscriberStatus {
  const emailChanged = email !== existing.email;
  if (emailChanged && email && template.emailTrust === 'untrusted') return 'provisioning';

  switch (existing.status) {
    case 'provisioned':
      return 'updating';
    case 'error':
    case 'pending_email_input':
      return 'provisioning';
    case 'pending_email_validation':
      return emailChanged ? 'provisioning' : existing.status;
    default:
      return existing.status;
  }
}

/** Whether a delete of the user, with a sequence not below the request's, was applied. */
async function deletedSince(
  tx: Prisma.TransactionClient,
  partnerId: string,
  request: FlowthroughRequest,
): Promise<boolean> {
  if (request.sequence === undefined) return false;

  const deletion = await tx.subscriberDeletion.findUnique({
    where: { partnerId_userId: { partnerId, userId: request.user.userId } },
    select: { changeSequence: true },
  });
  return deletion !== null && BigInt(request.sequence) <= deletion.changeSequence;
}

/**
 * Records a flowthrough call and queues its work in one transaction, then answers: the
 * caller learns that the work is durable, not that it is done.
 */
export async function acceptFlowthrough(
  database: { prisma: PrismaClient; sql: SqlConnection },
  options: { template: FlowthroughTemplate; request: FlowthroughRequest; actorLabel: string },
): Promise<AcceptResult> {
  const { template, request } = options;
  const key = { partnerId_userId: { partnerId: template.partnerId, userId: request.user.userId } };

  if (request.operation === 'add') {
    const orgKey = orgKeyOf(template, request.user);
    const subscriberId = await acceptNewSubscriber(database.sql, template, {
      userId: request.user.userId,
      orgKey,
      orgName: request.user.enterpriseName ?? orgKey,
      fields: subscriberFields(request.user),
      changeSequence: request.sequence !== undefined ? BigInt(request.sequence) : null,
      actorLabel: options.actorLabel,
    });
    if (subscriberId === null) {
      return { outcome: 'ignored', reason: newerDeleteApplied };
    }
    return { outcome: 'accepted', subscriberId };
  }

  return database.prisma.$transaction(async (tx) => {
    // Locked first, so that of two changes of one user at the same moment the newer one wins.
    await tx.$queryRaw`
      SELECT 1 FROM "subscriber"
       WHERE partner_id = ${template.partnerId}::uuid AND user_id = ${request.user.userId}
         FOR UPDATE`;
    const existing = await tx.subscriber.findUnique({ where: key });
    if (existing && existing.templateId !== template.id) throw userIdTaken();

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
    if (request.operation === 'modify') {
      if (!existing) {
        if (await deletedSince(tx, template.partnerId, request)) {
          return { outcome: 'ignored', reason: newerDeleteApplied } as AcceptResult;
        }
        throw new AppError(
          'not_found',
          'No subscriber with this BroadWorks user ID.',
          ['Send an add for the user first.'],
          {},
          { errorCode: 'user_not_found' },
        );
      }
      if (existing.spEnterpriseId !== orgKeyOf(template, request.user)) throw userIdTaken();

      const fields = subscriberFields(request.user);
      const status = statusAfterModify(template, existing, fields.email);
      await tx.subscriber.update({
        where: { id: existing.id },
        data: {
          ...fields,
          changeSequence: sequence,
          ...(status !== existing.status
            ? { status, errors: [], lastStatusChange: new Date() }
            : {}),
          // A link sent to an address that is no longer the user's must not confirm it.
          ...(fields.email !== existing.email
            ? { activationTokenHash: null, activationExpiresAt: null, selfActivated: false }
            : {}),
        },
      });
      await queueProvisioning(tx, template.partnerId, existing.id, sequence);
      result = { outcome: 'accepted', subscriberId: existing.id };
    } else {
      // Kept so that an older add arriving after this delete cannot bring the user back.
      if (request.sequence !== undefined) {
        await tx.$executeRaw`
          INSERT INTO "subscriber_deletion" (partner_id, user_id, change_sequence)
          VALUES (${template.partnerId}::uuid, ${request.user.userId}, ${sequence})
          ON CONFLICT (partner_id, user_id) DO UPDATE
            SET change_sequence = GREATEST(subscriber_deletion.change_sequence,
                                           EXCLUDED.change_sequence),
                deleted_at = now()`;
      }
      if (!existing) return { outcome: 'absent' } as AcceptResult;
      await tx.subscriber.delete({ where: { id: existing.id } });
      if (existing.customerOrgId) await queueHeldRelease(tx, existing.customerOrgId, existing.id);
      result = { outcome: 'deleted' };
    }

    await recordAudit(tx, {
      partnerId: template.partnerId,
      actorLabel: options.actorLabel,
      action: `subscriber.flowthrough_${request.operation}`,
      targetType: 'subscriber',
      targetId: existing?.id ?? (result as { subscriberId?: string }).subscriberId,
      outcome: 'success',
      // Once the subscriber is gone, this is what still ties the request to its customer.
      details: {
        userId: request.user.userId,
        sequence: sequence.toString(),
        customerOrgId: existing?.customerOrgId ?? undefined,
      },
    });
    return result;
  }, acceptTransactionLimits);
}
