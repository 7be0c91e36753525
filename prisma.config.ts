import { defineConfig } from 'prisma/config';

// The database URL is only needed by Prisma's own migrate commands; the app and
// `npm run db:migrate` connect through driver adapters (see lib/db).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/partner_hub' },
});
