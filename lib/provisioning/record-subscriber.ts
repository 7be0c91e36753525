import type { Prisma } from '@/lib/generated/prisma/client';
import type { SubscriberPackage } from '@/lib/generated/prisma/enums';
import { AppError } from '@/lib/http/errors';
import { enqueueJob } from '@/lib/jobs/queue';

import { provisionJobKind } from './job-kinds';

type Tx = Prisma.TransactionClient;

export interface ProvisioningTemplate {
  id: string;
  partnerId: string;
  createOrgsAutomatically: boolean;
}

export interface SubscriberFields {
  firstName: string;
  lastName: string;
  email: string | null;
  primaryPhoneNumber: string | null;
  mobilePhoneNumber: string | null;
  extension: string | null;
  language: string | null;
  timezone: string | null;
}

export function emailDomainOf(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return at > 0 ? email!.slice(at + 1).toLowerCase() : null;
}

const maxOrganisationName = 160;

/** The name a new organisation is stored with: an ID used as one may be a character longer. */
export function organisationNameOf(text: string): string {
  const characters = [...text];
  return characters.length > maxOrganisationName
    ? characters.slice(0, maxOrganisationName).join('')
    : text;
}

export function userIdTaken(): AppError {
  return new AppError(
    'conflict',
    'This BroadWorks user ID is already provisioned elsewhere.',
    ['The user belongs to another template or enterprise of this partner.'],
    {},
    { errorCode: 'user_id_taken' },
  );
}

export async function queueProvisioning(
  tx: Tx,
  partnerId: string,
  subscriberId: string,
  change: bigint,
): Promise<void> {
  await enqueueJob(tx, {
    kind: provisionJobKind.subscriber,
    partnerId,
    payload: { subscriberId },
    dedupeKey: `subscriber:${subscriberId}:change:${change}`,
  });
}

/**
 * Records a new subscriber, the customer organisation of its enterprise when this is the
 * first user, and the jobs that provision both. Concurrent calls for the same user or the
 * same new enterprise land on the one row each unique key allows.
 */
export async function recordNewSubscriber(
  tx: Tx,
  template: ProvisioningTemplate,
  input: {
    userId: string;
    orgKey: string;
    orgName: string;
    fields: SubscriberFields;
    package: SubscriberPackage;
    changeSequence: bigint;
  },
): Promise<string> {
  const key = { partnerId_userId: { partnerId: template.partnerId, userId: input.userId } };

  if (template.createOrgsAutomatically) {
    await tx.customerOrg.createMany({
      data: [
        {
          partnerId: template.partnerId,
          templateId: template.id,
          name: organisationNameOf(input.orgName),
          spEnterpriseId: input.orgKey,
        },
      ],
      skipDuplicates: true,
    });
  }
  const org = await tx.customerOrg.findUnique({
    where: { templateId_spEnterpriseId: { templateId: template.id, spEnterpriseId: input.orgKey } },
    select: { id: true, status: true },
  });

  await tx.subscriber.createMany({
    data: [
      {
        ...input.fields,
        emailDomain: emailDomainOf(input.fields.email),
        partnerId: template.partnerId,
        templateId: template.id,
        customerOrgId: org?.id ?? null,
        userId: input.userId,
        spEnterpriseId: input.orgKey,
        package: input.package,
        changeSequence: input.changeSequence,
      },
    ],
    skipDuplicates: true,
  });
  const subscriber = await tx.subscriber.findUniqueOrThrow({ where: key });
  if (subscriber.templateId !== template.id || subscriber.spEnterpriseId !== input.orgKey) {
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
