import { randomBytes } from 'node:crypto';

import { hashPassword } from '@/lib/auth/password';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { UserRole } from '@/lib/generated/prisma/enums';

export const uniqueSuffix = () => randomBytes(5).toString('hex');

export function seedPartner(prisma: PrismaClient, name = `Partner ${uniqueSuffix()}`) {
  return prisma.partner.create({ data: { name } });
}

/** A user of the partner; without `password` the account has a hash nothing matches. */
export async function seedUser(
  prisma: PrismaClient,
  options: { partnerId: string; role?: UserRole; password?: string; active?: boolean },
) {
  const suffix = uniqueSuffix();
  return prisma.user.create({
    data: {
      partnerId: options.partnerId,
      email: `user-${suffix}@partner.example`,
      name: `User ${suffix}`,
      passwordHash: options.password ? await hashPassword(options.password) : 'no password',
      role: options.role ?? 'full_admin',
      active: options.active ?? true,
    },
  });
}

/** A partner with a row in every partner-scoped table, for tenancy checks. */
export async function seedPartnerData(prisma: PrismaClient) {
  const partner = await seedPartner(prisma);
  const suffix = uniqueSuffix();
  const users = [
    await seedUser(prisma, { partnerId: partner.id }),
    await seedUser(prisma, { partnerId: partner.id, role: 'read_only' }),
  ];
  for (const action of ['user.created', 'user.updated']) {
    await prisma.auditEntry.create({
      data: {
        partnerId: partner.id,
        actorUserId: users[0]!.id,
        actorLabel: users[0]!.email,
        action,
        outcome: 'success',
        trackingId: `seed-${suffix}`,
      },
    });
  }
  const cluster = await prisma.cluster.create({
    data: {
      partnerId: partner.id,
      name: `Cluster ${suffix}`,
      release: 'R25',
      xsiActionsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-actions',
      xsiEventsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-events',
      authServiceUrl: 'https://xsp.partner.example/authservice',
    },
  });
  const template = await prisma.customerTemplate.create({
    data: {
      partnerId: partner.id,
      clusterId: cluster.id,
      name: `Template ${suffix}`,
      countryCode: 'NL',
      emailLanguage: 'nl',
      provisioningId: `prov-${suffix}`,
      provisioningAccount: `account-${suffix}`,
      provisioningPasswordHash: 'no password',
    },
  });
  const customerOrg = await prisma.customerOrg.create({
    data: {
      partnerId: partner.id,
      templateId: template.id,
      name: `Customer ${suffix}`,
      spEnterpriseId: `enterprise-${suffix}`,
    },
  });

  const subscriber = await prisma.subscriber.create({
    data: {
      partnerId: partner.id,
      templateId: template.id,
      customerOrgId: customerOrg.id,
      userId: `user-${suffix}@broadworks.example`,
      spEnterpriseId: customerOrg.spEnterpriseId,
      firstName: 'Sam',
      lastName: `Subscriber ${suffix}`,
      package: 'standard',
    },
  });

  const subscriberDeletion = await prisma.subscriberDeletion.create({
    data: {
      partnerId: partner.id,
      userId: `deleted-${suffix}@broadworks.example`,
      changeSequence: BigInt(1),
    },
  });

  const apiToken = await prisma.apiToken.create({
    data: {
      partnerId: partner.id,
      name: `Token ${suffix}`,
      scope: 'read',
      tokenPrefix: `phub_${suffix.slice(0, 6)}`,
      tokenHash: `hash-${suffix}`.padEnd(64, '0'),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });

  const job = await prisma.job.create({
    data: { partnerId: partner.id, kind: 'test.seeded', payload: { suffix } },
  });

  const outboxMessage = await prisma.outboxMessage.create({
    data: {
      partnerId: partner.id,
      subscriberId: subscriber.id,
      kind: 'activation',
      recipient: `user-${suffix}@broadworks.example`,
      subject: 'Confirm your email address',
      body: 'Seeded message.',
    },
  });

  const clientIdentity = await prisma.clientIdentity.create({
    data: {
      partnerId: partner.id,
      caCertificatePem: 'seeded CA',
      caPrivateKeySealed: 'seeded key',
      clientCertificatePem: 'seeded client',
      clientPrivateKeySealed: 'seeded key',
      caExpiresAt: new Date(Date.now() + 365 * 86_400_000),
      clientExpiresAt: new Date(Date.now() + 365 * 86_400_000),
    },
  });

  const xspCertificate = await prisma.xspCertificate.create({
    data: {
      partnerId: partner.id,
      clusterId: cluster.id,
      interfaceName: 'xsiActions',
      url: cluster.xsiActionsUrl,
    },
  });

  const incident = await prisma.incident.create({
    data: { partnerId: partner.id, title: `Incident ${suffix}`, message: 'Seeded incident.' },
  });

  const statusWebhook = await prisma.statusWebhook.create({
    data: { partnerId: partner.id, url: 'https://hooks.partner.example/status', secretSealed: 'x' },
  });

  const componentStatus = await prisma.componentStatus.create({
    data: { partnerId: partner.id, component: 'database', status: 'operational' },
  });

  const requestLog = await prisma.requestLog.create({
    data: {
      partnerId: partner.id,
      trackingId: `seed-${suffix}`,
      method: 'GET',
      route: '/api/clusters',
      status: 200,
      durationMs: 3,
    },
  });
  const requestLogDay = await prisma.requestLogDaily.create({
    data: {
      partnerId: partner.id,
      day: new Date('2026-12-01'),
      templateId: template.id,
      requests: 4,
    },
  });

  return {
    partner,
    users,
    cluster,
    template,
    customerOrg,
    subscriber,
    subscriberDeletion,
    apiToken,
    job,
    outboxMessage,
    clientIdentity,
    xspCertificate,
    incident,
    statusWebhook,
    componentStatus,
    requestLog,
    requestLogDay,
  };
}

/** The password of the provisioning account `broadworks` of a seeded flowthrough template. */
export const flowthroughPassword = 'flowthrough password 1';

/** An add of the user Bram de Boer, with sequence 17, as an adapter sends it in XML. */
export const xmlAddOfBram = `<?xml version="1.0" encoding="UTF-8"?>
<flowthroughRequest operation="add" sequence="17">
  <user>
    <userId>bram@acme.example</userId>
    <serviceProviderId>sp-1</serviceProviderId>
    <enterpriseId>acme</enterpriseId>
    <firstName>Bram</firstName>
    <lastName>de Boer</lastName>
    <email>bram@acme.example</email>
  </user>
</flowthroughRequest>`;

type FlowthroughSettings = Partial<
  Pick<
    Prisma.CustomerTemplateUncheckedCreateInput,
    | 'name'
    | 'emailTrust'
    | 'flowthroughEnabled'
    | 'orgMode'
    | 'provisionAdminFirst'
    | 'createOrgsAutomatically'
  >
>;

/**
 * A cluster and a customer template that BroadWorks can call: its provisioning account is
 * `broadworks`, with `flowthroughPassword` unless another is given. A new partner without
 * `partnerId`.
 */
export async function seedFlowthroughTemplate(
  prisma: PrismaClient,
  options: FlowthroughSettings & { partnerId?: string; password?: string } = {},
) {
  const { partnerId: givenPartnerId, password, ...settings } = options;
  const partnerId = givenPartnerId ?? (await seedPartner(prisma)).id;
  const suffix = uniqueSuffix();
  const cluster = await prisma.cluster.create({
    data: {
      partnerId,
      name: `Cluster ${suffix}`,
      release: 'R25',
      xsiActionsUrl: 'https://xsp.example/com.broadsoft.xsi-actions',
      xsiEventsUrl: 'https://xsp.example/com.broadsoft.xsi-events',
      authServiceUrl: 'https://xsp.example/authService',
    },
  });
  return prisma.customerTemplate.create({
    data: {
      partnerId,
      clusterId: cluster.id,
      countryCode: 'NL',
      emailLanguage: 'nl',
      provisioningId: `prov${suffix}`,
      provisioningAccount: 'broadworks',
      provisioningPasswordHash: await hashPassword(password ?? flowthroughPassword),
      ...settings,
      name: settings.name ?? `Template ${suffix}`,
    },
  });
}
