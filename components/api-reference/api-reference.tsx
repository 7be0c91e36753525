import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';

import { PageHeader } from '@/components/empty-state';

import { FlowthroughContract } from './flowthrough-contract';
import { MethodBadge, OperationSection } from './operation-section';
import { operationsOf, type OpenApiDocument } from './openapi';
import { SchemaFields } from './schema-fields';

export const openApiPath = '/api/v1/openapi.json';

const linkClasses = 'text-brand-700 underline hover:no-underline';
const code = (chunks: ReactNode) => <code className="font-mono text-[0.9em]">{chunks}</code>;

function SectionTitle({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h2 id={id} className="mb-3 text-lg font-semibold">
      {children}
    </h2>
  );
}

/** The OpenAPI document as a page: authentication, every operation, the shared schemas. */
export async function ApiReference({ document }: { document: OpenApiDocument }) {
  const t = await getTranslations('apiReference');
  const operations = operationsOf(document);
  const schemes = Object.entries(document.components?.securitySchemes ?? {});
  const schemas = Object.entries(document.components?.schemas ?? {});
  const baseUrl = document.servers?.[0]?.url;

  return (
    <div className="max-w-5xl space-y-8">
      <div>
        <PageHeader title={t('title')}>
          <a
            href={openApiPath}
            className={[
              'inline-flex items-center rounded-md border border-line bg-white px-4 py-2 text-sm',
              'font-medium hover:bg-canvas focus:outline-none focus-visible:ring-2',
              'focus-visible:ring-brand-600',
            ].join(' ')}
          >
            {t('rawJson')}
          </a>
        </PageHeader>
        <div className="space-y-2 text-sm">
          <p>{t.rich('intro', { code })}</p>
          <p>
            {t.rich('rawJsonHint', {
              link: (chunks) => (
                <a href={openApiPath} className={linkClasses}>
                  {chunks}
                </a>
              ),
              path: openApiPath,
              version: document.info.version,
            })}
          </p>
          {baseUrl ? (
            <p>
              {t('baseUrl')}: <code className="font-mono">{baseUrl}</code>
            </p>
          ) : null}
        </div>
      </div>

      <nav
        aria-labelledby="api-contents"
        className="rounded-lg border border-line bg-white px-5 py-4"
      >
        <h2 id="api-contents" className="mb-2 text-sm font-semibold">
          {t('contents')}
        </h2>
        <ul className="space-y-1 text-sm">
          {operations.map((entry) => (
            <li key={entry.anchor} className="flex items-center gap-3">
              <MethodBadge method={entry.method} />
              <a href={`#${entry.anchor}`} className={linkClasses}>
                <code className="font-mono">{entry.path}</code>
              </a>
              <span className="truncate text-muted">{entry.operation.summary}</span>
            </li>
          ))}
          <li className="pt-1">
            <a href="#flowthrough" className={linkClasses}>
              {t('flowthrough.title')}
            </a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="api-authentication">
        <SectionTitle id="api-authentication">{t('authentication')}</SectionTitle>
        <dl className="space-y-3">
          {schemes.map(([name, scheme]) => (
            <div
              key={name}
              data-testid="security-scheme"
              className="rounded-lg border border-line bg-white px-5 py-4 text-sm"
            >
              <dt className="font-semibold">
                {t.has(`security.${name}.title`) ? t(`security.${name}.title`) : name}{' '}
                <span className="font-normal text-muted">
                  (<code className="font-mono text-xs">{name}</code>, {scheme.type} {scheme.scheme})
                </span>
              </dt>
              {t.has(`security.${name}.body`) ? (
                <dd className="mt-1 space-y-1">
                  <p>{t.rich(`security.${name}.body`, { code })}</p>
                  {name === 'bearerToken' ? (
                    <p>
                      <Link href="/settings/api-tokens" className={linkClasses}>
                        {t('manageTokens')}
                      </Link>
                    </p>
                  ) : null}
                </dd>
              ) : null}
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="api-operations" className="space-y-4">
        <SectionTitle id="api-operations">{t('operations')}</SectionTitle>
        {operations.map((entry) => (
          <OperationSection
            key={entry.anchor}
            entry={entry}
            securityNames={(entry.operation.security ?? document.security ?? []).flatMap(
              Object.keys,
            )}
          />
        ))}
      </section>

      {schemas.length > 0 ? (
        <section aria-labelledby="api-schemas" className="space-y-4">
          <SectionTitle id="api-schemas">{t('schemas')}</SectionTitle>
          {schemas.map(([name, schema]) => (
            <div
              key={name}
              id={`schema-${name}`}
              className="scroll-mt-6 space-y-2 rounded-lg border border-line bg-white px-5 py-4"
            >
              <h3 className="font-mono text-sm font-semibold">{name}</h3>
              <SchemaFields schema={schema} />
            </div>
          ))}
        </section>
      ) : null}

      <FlowthroughContract />
    </div>
  );
}
