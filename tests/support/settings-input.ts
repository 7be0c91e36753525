import type { PrismaClient } from '@/lib/generated/prisma/client';

import { uniqueSuffix } from './seed';

/** A valid body for POST /api/clusters; each call names a new cluster. */
export function clusterInput(overrides: Record<string, unknown> = {}) {
  return {
    name: `Cluster ${uniqueSuffix()}`,
    release: 'R25',
    xsiActionsUrl: 'https://xsp1.partner.example/com.broadsoft.xsi-actions',
    xsiEventsUrl: 'https://xsp1.partner.example/com.broadsoft.xsi-events',
    authServiceUrl: 'https://xsp1.partner.example/authservice',
    authUseCloudToken: false,
    ctiUrl: 'https://xsp1.partner.example',
    ctiPort: 8012,
    dasUrl: '',
    directBroadWorksAuth: false,
    callHistorySync: false,
    dndSync: false,
    assistantStatusSync: false,
    validationUserId: 'validator@partner.example',
    ...overrides,
  };
}

/** A valid body for POST /api/templates; each call names a new template. */
export function templateInput(clusterId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: `Template ${uniqueSuffix()}`,
    countryCode: 'NL',
    emailLanguage: 'nl',
    clusterId,
    flowthroughEnabled: true,
    provisioningAccount: `adapter-${uniqueSuffix()}`,
    createOrgsAutomatically: true,
    spAdminEmail: 'admin@provider.example',
    orgMode: 'enterprise',
    defaultPackage: 'standard',
    disableFreeCalling: false,
    callInNumbers: 'cloud',
    emailTrust: 'trusted',
    provisionAdminFirst: false,
    allowSelfActivation: false,
    authenticationMode: 'broadworks',
    prefillLoginEmail: false,
    directorySync: false,
    partnerAdminDisplayName: 'Provider support',
    ...overrides,
  };
}

/** Customer organisations created through a template, written straight into the database. */
export async function seedCustomerOrgs(
  prisma: PrismaClient,
  options: { partnerId: string; templateId: string; count: number },
) {
  const { count, ...owner } = options;
  for (let index = 0; index < count; index++) {
    const suffix = uniqueSuffix();
    await prisma.customerOrg.create({
      data: { ...owner, name: `Customer ${suffix}`, spEnterpriseId: `enterprise-${suffix}` },
    });
  }
}
