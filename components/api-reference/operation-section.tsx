import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';

import type { Method, OperationEntry, Parameter } from './openapi';
import { enumOf } from './openapi';
import {
  cellClasses,
  EnumValues,
  headClasses,
  Limits,
  SchemaFields,
  tableClasses,
  TypeName,
} from './schema-fields';

const methodTones: Record<Method, string> = {
  get: 'bg-brand-100 text-brand-700',
  post: 'bg-green-100 text-green-800',
  put: 'bg-amber-100 text-amber-900',
  patch: 'bg-amber-100 text-amber-900',
  delete: 'bg-red-100 text-red-800',
};

export function MethodBadge({ method }: { method: Method }) {
  return (
    <span
      className={`inline-block w-16 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold uppercase ${methodTones[method]}`}
    >
      {method}
    </span>
  );
}

function Subheading({ children }: { children: ReactNode }) {
  return (
    <h4 className="mt-5 mb-2 text-xs font-semibold uppercase tracking-wide text-muted">
      {children}
    </h4>
  );
}

async function Parameters({ parameters }: { parameters: Parameter[] }) {
  const t = await getTranslations('apiReference');

  return (
    <div className="overflow-x-auto rounded-md border border-line">
      <table className={tableClasses}>
        <thead className={headClasses}>
          <tr>
            <th scope="col" className={cellClasses}>
              {t('columns.name')}
            </th>
            <th scope="col" className={cellClasses}>
              {t('columns.in')}
            </th>
            <th scope="col" className={cellClasses}>
              {t('columns.type')}
            </th>
            <th scope="col" className={cellClasses}>
              {t('columns.default')}
            </th>
            <th scope="col" className={cellClasses}>
              {t('columns.limits')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {parameters.map((parameter) => {
            const schema = parameter.schema ?? {};
            const values = enumOf(schema);

            return (
              <tr key={`${parameter.in}-${parameter.name}`}>
                <th scope="row" className={`${cellClasses} font-normal`}>
                  <code className="font-mono text-xs font-semibold">{parameter.name}</code>
                  {parameter.required ? (
                    <span className="ml-2 text-xs text-red-800">{t('required')}</span>
                  ) : null}
                </th>
                <td className={cellClasses}>
                  {t.has(`in.${parameter.in}`) ? t(`in.${parameter.in}`) : parameter.in}
                </td>
                <td className={cellClasses}>
                  <TypeName schema={schema} />
                  {values ? (
                    <span className="mt-1 block">
                      <EnumValues values={values} />
                    </span>
                  ) : null}
                </td>
                <td className={cellClasses}>
                  {schema.default !== undefined ? (
                    <code className="font-mono text-xs">{String(schema.default)}</code>
                  ) : null}
                </td>
                <td className={`${cellClasses} text-xs`}>
                  <Limits schema={schema} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** One method of one path: what it does, who may call it, what it takes and answers. */
export async function OperationSection({
  entry,
  securityNames,
}: {
  entry: OperationEntry;
  securityNames: string[];
}) {
  const t = await getTranslations('apiReference');
  const { path, method, anchor, operation, parameters } = entry;
  const securityLabel = (name: string) =>
    t.has(`security.${name}.title`) ? t(`security.${name}.title`) : name;

  return (
    <section
      id={anchor}
      aria-labelledby={`${anchor}-title`}
      data-testid="api-operation"
      className="scroll-mt-6 rounded-lg border border-line bg-white px-5 py-4"
    >
      <h3 id={`${anchor}-title`} className="flex flex-wrap items-center gap-3">
        <MethodBadge method={method} />{' '}
        <code className="font-mono text-sm font-semibold break-all">{path}</code>
      </h3>
      {operation.summary ? <p className="mt-2 font-medium">{operation.summary}</p> : null}
      {operation.description ? (
        <p className="mt-1 text-sm text-muted">{operation.description}</p>
      ) : null}
      <p className="mt-2 text-sm">
        <span className="text-muted">{t('authentication')}:</span>{' '}
        {securityNames.map(securityLabel).join(', ')}
      </p>

      {parameters.length > 0 ? (
        <>
          <Subheading>{t('parameters')}</Subheading>
          <Parameters parameters={parameters} />
        </>
      ) : null}

      {operation.requestBody ? (
        <>
          <Subheading>
            {operation.requestBody.required ? t('requestBodyRequired') : t('requestBody')}
          </Subheading>
          <div className="space-y-4">
            {Object.entries(operation.requestBody.content).map(([mediaType, content]) => (
              <div key={mediaType} className="space-y-2">
                <p className="text-sm">
                  <code className="font-mono text-xs">{mediaType}</code>
                </p>
                {content.schema ? <SchemaFields schema={content.schema} /> : null}
              </div>
            ))}
          </div>
        </>
      ) : null}

      <Subheading>{t('responses')}</Subheading>
      <div className="overflow-x-auto rounded-md border border-line">
        <table className={tableClasses}>
          <thead className={headClasses}>
            <tr>
              <th scope="col" className={cellClasses}>
                {t('columns.status')}
              </th>
              <th scope="col" className={cellClasses}>
                {t('columns.description')}
              </th>
              <th scope="col" className={cellClasses}>
                {t('columns.body')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {Object.entries(operation.responses)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([status, response]) => {
                const schema = response.content?.['application/json']?.schema;

                return (
                  <tr key={status}>
                    <th scope="row" className={`${cellClasses} font-mono text-xs`}>
                      {status}
                    </th>
                    <td className={cellClasses}>
                      {response.description}
                      {response.headers ? (
                        <span className="block text-xs text-muted">
                          {t('headers')}: {Object.keys(response.headers).join(', ')}
                        </span>
                      ) : null}
                    </td>
                    <td className={cellClasses}>
                      {schema ? <ResponseBody schema={schema} /> : null}
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A response body in one line: a named schema, or an object's top-level fields. */
function ResponseBody({ schema }: { schema: NonNullable<Parameter['schema']> }) {
  if (!schema.properties) return <TypeName schema={schema} />;

  return (
    <span className="space-y-0.5">
      {Object.entries(schema.properties).map(([name, property]) => (
        <span key={name} className="block">
          <code className="font-mono text-xs">{name}</code>: <TypeName schema={property} />
        </span>
      ))}
    </span>
  );
}
