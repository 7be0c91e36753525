import { randomBytes } from 'node:crypto';

import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { hashPassword } from '@/lib/auth/password';
import { readConfig } from '@/lib/config';
import type { Prisma } from '@/lib/generated/prisma/client';
import { AppError, notFound } from '@/lib/http/errors';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import type { CreateTemplateInput, UpdateTemplateInput } from './schemas';

// Field by field, so that the password hash never leaves the data layer.
const templateSelect = {
  id: true,
  name: true,
  countryCode: true,
  emailLanguage: true,
  clusterId: true,
  provisioningId: true,
  flowthroughEnabled: true,
  provisioningAccount: true,
  createOrgsAutomatically: true,
  spAdminEmail: true,
  orgMode: true,
  defaultPackage: true,
  disableFreeCalling: true,
  callInNumbers: true,
  emailTrust: true,
  provisionAdminFirst: true,
  allowSelfActivation: true,
  authenticationMode: true,
  prefillLoginEmail: true,
  directorySync: true,
  partnerAdminDisplayName: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  cluster: { select: { id: true, name: true } },
  _count: { select: { customerOrgs: true } },
} satisfies Prisma.CustomerTemplateSelect;

type TemplateRow = Prisma.CustomerTemplateGetPayload<{ select: typeof templateSelect }>;

/** The flowthrough endpoint BroadWorks calls for this template. */
export function provisioningUrlOf(provisioningId: string): string {
  return `${readConfig().baseUrl}/api/provisioning/${provisioningId}`;
}

export function toTemplateView(row: TemplateRow) {
  const { _count, ...template } = row;
  return {
    ...template,
    provisioningUrl: provisioningUrlOf(template.provisioningId),
    customerOrgCount: _count.customerOrgs,
  };
}

export type TemplateView = ReturnType<typeof toTemplateView>;

function auditSnapshot(view: TemplateView) {
  const { customerOrgCount: _count, ...rest } = view;
  return JSON.parse(JSON.stringify(rest)) as Prisma.InputJsonValue;
}

function newProvisioningId(): string {
  return randomBytes(15).toString('base64url');
}

function storedFields(input: CreateTemplateInput | UpdateTemplateInput) {
  return {
    name: input.name,
    countryCode: input.countryCode,
    emailLanguage: input.emailLanguage,
    clusterId: input.clusterId,
    flowthroughEnabled: input.flowthroughEnabled,
    provisioningAccount: input.provisioningAccount,
    createOrgsAutomatically: input.createOrgsAutomatically,
    spAdminEmail: input.spAdminEmail ?? null,
    orgMode: input.orgMode,
    defaultPackage: input.defaultPackage,
    disableFreeCalling: input.disableFreeCalling,
    callInNumbers: input.callInNumbers,
    emailTrust: input.emailTrust,
    provisionAdminFirst: input.provisionAdminFirst,
    allowSelfActivation: input.allowSelfActivation,
    authenticationMode: input.authenticationMode,
    prefillLoginEmail: input.prefillLoginEmail,
    directorySync: input.directorySync,
    partnerAdminDisplayName: input.partnerAdminDisplayName ?? null,
  };
}

async function assertOwnCluster(db: PartnerDb, clusterId: string): Promise<void> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
  if (!cluster) {
    throw new AppError('validation_failed', 'The request is not valid.', [
      { field: 'clusterId', description: 'clusterId: Choose one of your clusters.' },
    ]);
  }
}

async function withNameConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    throw new AppError(
      'conflict',
      'A customer template with this name already exists.',
      [{ field: 'name', description: 'name: Another template of yours has this name.' }],
      {},
      { reason: 'name_taken' },
    );
  }
}

export async function listTemplates(db: PartnerDb): Promise<TemplateView[]> {
  const rows = await db.customerTemplate.findMany({
    select: templateSelect,
    orderBy: { name: 'asc' },
  });
  return rows.map(toTemplateView);
}

export async function findTemplate(db: PartnerDb, templateId: string): Promise<TemplateView> {
  const row = await db.customerTemplate.findUnique({
    where: { id: templateId },
    select: templateSelect,
  });
  if (!row) throw notFound('customer template');

  return toTemplateView(row);
}

export async function createTemplate(
  db: PartnerDb,
  options: { actor: CurrentUser; input: CreateTemplateInput },
): Promise<TemplateView> {
  const { actor, input } = options;
  await assertOwnCluster(db, input.clusterId);
  const provisioningPasswordHash = await hashPassword(input.provisioningPassword!);

  return withNameConflict(() =>
    db.$transaction(async (tx) => {
      const row = await tx.customerTemplate.create({
        data: {
          ...storedFields(input),
          partnerId: actor.partnerId,
          provisioningId: newProvisioningId(),
          provisioningPasswordHash,
        },
        select: templateSelect,
      });
      const template = toTemplateView(row);
      await recordAudit(tx, {
        ...auditActor(actor),
        action: 'template.created',
        targetType: 'customer_template',
        targetId: template.id,
        outcome: 'success',
        details: { after: auditSnapshot(template) },
      });
      return template;
    }),
  );
}

function staleVersion(currentVersion: number): AppError {
  return new AppError(
    'conflict',
    'This customer template was changed by someone else since you opened it.',
    ['Reload the template to see the latest values, then make your change again.'],
    {},
    { reason: 'stale_version', currentVersion },
  );
}

/**
 * Saves an edit. A new provisioning password moves the credential version, which makes the
 * old password stop working for the very next flowthrough call.
 */
export async function updateTemplate(
  db: PartnerDb,
  options: { actor: CurrentUser; templateId: string; input: UpdateTemplateInput },
): Promise<TemplateView> {
  const { actor, templateId, input } = options;
  await assertOwnCluster(db, input.clusterId);
  const passwordHash = input.provisioningPassword
    ? await hashPassword(input.provisioningPassword)
    : undefined;

  return withNameConflict(() =>
    db.$transaction(async (tx) => {
      const beforeRow = await tx.customerTemplate.findUnique({
        where: { id: templateId },
        select: templateSelect,
      });
      if (!beforeRow) throw notFound('customer template');
      if (beforeRow.version !== input.version) throw staleVersion(beforeRow.version);

      const { count } = await tx.customerTemplate.updateMany({
        where: { id: templateId, version: input.version },
        data: {
          ...storedFields(input),
          ...(passwordHash
            ? { provisioningPasswordHash: passwordHash, credentialVersion: { increment: 1 } }
            : {}),
          version: { increment: 1 },
        },
      });
      if (count === 0) throw staleVersion(input.version + 1);

      const after = toTemplateView(
        (await tx.customerTemplate.findUnique({
          where: { id: templateId },
          select: templateSelect,
        }))!,
      );
      await recordAudit(tx, {
        ...auditActor(actor),
        action: 'template.updated',
        targetType: 'customer_template',
        targetId: templateId,
        outcome: 'success',
        details: {
          before: auditSnapshot(toTemplateView(beforeRow)),
          after: auditSnapshot(after),
          provisioningPasswordChanged: passwordHash !== undefined,
        },
      });
      return after;
    }),
  );
}

export async function deleteTemplate(
  db: PartnerDb,
  options: { actor: CurrentUser; templateId: string },
): Promise<void> {
  const { actor, templateId } = options;

  await db.$transaction(async (tx) => {
    const row = await tx.customerTemplate.findUnique({
      where: { id: templateId },
      select: templateSelect,
    });
    if (!row) throw notFound('customer template');

    const template = toTemplateView(row);
    if (template.customerOrgCount > 0) {
      throw new AppError(
        'conflict',
        'This customer template cannot be deleted while customer organisations were created through it.',
        [`${template.customerOrgCount} customer organisation(s) use this template.`],
        {},
        { reason: 'template_in_use', customerOrgCount: template.customerOrgCount },
      );
    }

    await tx.customerTemplate.delete({ where: { id: templateId } });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'template.deleted',
      targetType: 'customer_template',
      targetId: templateId,
      outcome: 'success',
      details: { before: auditSnapshot(template) },
    });
  });
}
