import createNextIntlPlugin from 'next-intl/plugin';

import { machineApiHeaders, securityHeaders } from './lib/http/security-headers.mjs';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@node-rs/argon2',
    'pg',
    'pino',
    '@prisma/adapter-pg',
  ],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders() },
      { source: '/api/provisioning/:path*', headers: machineApiHeaders },
      { source: '/api/v1/:path*', headers: machineApiHeaders },
    ];
  },
};

export default withNextIntl(nextConfig);
