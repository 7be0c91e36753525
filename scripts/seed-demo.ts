import { randomBytes } from 'node:crypto';

import { hashPassword } from '@/lib/auth/password';
import { seal } from '@/lib/crypto/secret-box';
import { configuredTarget, openDatabase } from '@/lib/db/database';
import { migrate } from '@/lib/db/migrate';
import { readConfig } from '@/lib/config';
import { resolveEncryptionKey } from '@/lib/system/auth-secret';

const demoPartnerName = 'Demo Telecom B.V.';

const demoUsers = [
  { email: 'beheer@demo-telecom.example', name: 'Anouk de Vries', role: 'full_admin' },
  { email: 'support@demo-telecom.example', name: 'Jeroen Bakker', role: 'read_only' },
] as const;

const demoClusters = [
  { name: 'Amsterdam XSP farm', host: 'xsp-ams.demo-telecom.example', release: 'R25' },
  { name: 'Rotterdam XSP farm', host: 'xsp-rtm.demo-telecom.example', release: 'R24' },
] as const;

const demoCustomers = [
  ['Bakkerij Jansen', 'bakkerij-jansen', 'bakkerij-jansen.example'],
  ['Van Dijk Advocaten', 'vandijk-advocaten', 'vandijk.example'],
  ['Huisartsenpraktijk De Linde', 'hap-delinde', 'delinde.example'],
  ['Transportbedrijf Smit', 'smit-transport', 'smit-transport.example'],
] as const;

const firstNames = ['Sanne', 'Daan', 'Emma', 'Lucas', 'Julia', 'Sem', 'Tess', 'Milan'];
const lastNames = ['de Jong', 'Visser', 'Meijer', 'Mulder', 'Bos', 'Peters', 'Hendriks'];
const packages = ['standard', 'standard', 'premium', 'basic', 'softphone'] as const;

const config = readConfig();
process.env.ENCRYPTION_KEY = resolveEncryptionKey({
  configured: process.env.ENCRYPTION_KEY,
  production: false,
  sharedDatabase: Boolean(config.databaseUrl),
  dataDir: config.dataDir,
});
const database = openDatabase(configuredTarget());

async function seedDemoPartner(password: string): Promise<void> {
  const { prisma } = database;
  const passwordHash = await hashPassword(password);

  const partner = await prisma.partner.create({
    data: {
      name: demoPartnerName,
      users: { create: demoUsers.map((user) => ({ ...user, passwordHash, locale: 'nl' })) },
    },
  });

  const clusters = [];
  for (const cluster of demoClusters) {
    clusters.push(
      await prisma.cluster.create({
        data: {
          partnerId: partner.id,
          name: cluster.name,
          release: cluster.release,
          xsiActionsUrl: `https://${cluster.host}/com.broadsoft.xsi-actions`,
          xsiEventsUrl: `https://${cluster.host}/com.broadsoft.xsi-events`,
          authServiceUrl: `https://${cluster.host}/authService`,
          dasUrl: `https://${cluster.host}/dms`,
          ctiUrl: `https://${cluster.host}`,
          ctiPort: 8012,
          validationUserId: `validation@${cluster.host}`,
          validationPasswordSealed: seal(randomBytes(12).toString('base64url')),
        },
      }),
    );
  }

  const templates = [];
  for (const [index, name] of ['MKB Standaard', 'Zorg Premium'].entries()) {
    templates.push(
      await prisma.customerTemplate.create({
        data: {
          partnerId: partner.id,
          clusterId: clusters[index]!.id,
          name,
          countryCode: 'NL',
          emailLanguage: 'nl',
          provisioningId: randomBytes(15).toString('base64url'),
          provisioningAccount: `bw-flowthrough-${index + 1}`,
          provisioningPasswordHash: passwordHash,
          defaultPackage: index === 0 ? 'standard' : 'premium',
          emailTrust: index === 0 ? 'trusted' : 'untrusted',
          spAdminEmail: 'beheer@demo-telecom.example',
        },
      }),
    );
  }

  for (const [index, [name, enterpriseId, domain]] of demoCustomers.entries()) {
    const template = templates[index % templates.length]!;
    const org = await prisma.customerOrg.create({
      data: {
        partnerId: partner.id,
        templateId: template.id,
        name,
        spEnterpriseId: enterpriseId,
        status: 'active',
      },
    });
    const subscriberCount = 3 + index * 2;
    await prisma.subscriber.createMany({
      data: Array.from({ length: subscriberCount }, (_, position) => {
        const firstName = firstNames[(index + position) % firstNames.length]!;
        const lastName = lastNames[(index * 3 + position) % lastNames.length]!;
        const local = `${firstName}.${lastName}`.toLowerCase().replace(/\s+/g, '');
        return {
          partnerId: partner.id,
          templateId: template.id,
          customerOrgId: org.id,
          userId: `${local}@${domain}`,
          spEnterpriseId: enterpriseId,
          firstName,
          lastName,
          email: `${local}@${domain}`,
          primaryPhoneNumber: `+3110${String(4_000_000 + index * 100 + position)}`,
          extension: String(200 + position),
          language: 'nl_NL',
          timezone: 'Europe/Amsterdam',
          package: packages[position % packages.length]!,
          status: position === subscriberCount - 1 && index === 1 ? 'error' : 'provisioned',
          errors:
            position === subscriberCount - 1 && index === 1
              ? [
                  {
                    errorCode: 'email_domain_taken',
                    description: 'The email domain belongs to another customer.',
                  },
                ]
              : [],
        };
      }),
    });
  }
}

try {
  await migrate(database.sql);

  if (await database.prisma.partner.findFirst({ where: { name: demoPartnerName } })) {
    console.log(`${demoPartnerName} already exists; nothing added.`);
  } else {
    // One generated password for the demo accounts, shown once: no password is built in.
    const password = randomBytes(12).toString('base64url');
    await seedDemoPartner(password);

    console.log(`Added the demo partner ${demoPartnerName} with clusters, templates, customers`);
    console.log('and subscribers. Sign in with one of these accounts:');
    for (const user of demoUsers) console.log(`  ${user.email} (${user.role})`);
    console.log(
      `Their password (also the templates' provisioning password), shown only now: ${password}`,
    );
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
