import { randomBytes } from 'node:crypto';

import { hashPassword } from '@/lib/auth/password';
import { configuredTarget, openDatabase } from '@/lib/db/database';
import { migrate } from '@/lib/db/migrate';

const demoPartnerName = 'Demo Telecom B.V.';

const demoUsers = [
  { email: 'beheer@demo-telecom.example', name: 'Anouk de Vries', role: 'full_admin' },
  { email: 'support@demo-telecom.example', name: 'Jeroen Bakker', role: 'read_only' },
] as const;

const database = openDatabase(configuredTarget());

try {
  await migrate(database.sql);
  const { prisma } = database;

  if (await prisma.partner.findFirst({ where: { name: demoPartnerName } })) {
    console.log(`${demoPartnerName} already exists; nothing added.`);
  } else {
    // One generated password for the demo accounts, shown once: no password is built in.
    const password = randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);

    await prisma.partner.create({
      data: {
        name: demoPartnerName,
        users: { create: demoUsers.map((user) => ({ ...user, passwordHash, locale: 'nl' })) },
      },
    });

    console.log(`Added the demo partner ${demoPartnerName} with these accounts:`);
    for (const user of demoUsers) console.log(`  ${user.email} (${user.role})`);
    console.log(`Their password, shown only now: ${password}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
