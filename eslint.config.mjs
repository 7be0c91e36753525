import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// Partner code reaches the database only through the partner-scoped client; the raw client
// is for the data layer itself, sign-in, system tasks and tests.
const rawDatabaseAllowed = [
  'lib/provisioning/**',
  'lib/jobs/**',
  'lib/tokens/bearer.ts',
  'lib/http/rate-limit.ts',
  'lib/db/**',
  'lib/auth/**',
  'lib/system/**',
  'lib/tenancy/**',
  'scripts/**',
  'server.ts',
  'tests/**',
  'e2e/**',
];

const config = [
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'lib/generated/**',
      'data/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@/lib/db/database',
              message:
                'Use partnerDb() from @/lib/tenancy/partner-db: partner data must be scoped by partner.',
            },
          ],
        },
      ],
    },
  },
  { files: rawDatabaseAllowed, rules: { 'no-restricted-imports': 'off' } },
];

export default config;
