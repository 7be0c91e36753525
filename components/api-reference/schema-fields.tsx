import { getTranslations } from 'next-intl/server';

import {
  enumOf,
  limitsOf,
  refName,
  typeOf,
  variantsOf,
  type FieldRow,
  type JsonSchema,
} from './openapi';

export const tableClasses = 'w-full text-left text-sm';
export const headClasses = 'border-b border-line text-xs text-muted';
export const cellClasses = 'px-3 py-2 align-top';

/** A schema's type, linked to the schema's own section when it names one. */
export function TypeName({ schema }: { schema: JsonSchema }) {
  const ref = schema.$ref ?? schema.items?.$ref;
  const text = <code className="font-mono text-xs">{typeOf(schema)}</code>;
  if (!ref) return text;

  return (
    <a href={`#schema-${refName(ref)}`} className="text-brand-700 underline hover:no-underline">
      {text}
    </a>
  );
}

/** The allowed values, each as code, so that they can be copied exactly. */
export function EnumValues({ values }: { values: unknown[] }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {values.map((value) => (
        <code key={String(value)} className="rounded bg-canvas px-1 font-mono text-xs">
          {String(value)}
        </code>
      ))}
    </span>
  );
}

/** Length, size and pattern rules of a value, in words. */
export async function Limits({ schema }: { schema: JsonSchema }) {
  const t = await getTranslations('apiReference.limits');
  const { minLength, maxLength, minimum, maximum, pattern } = limitsOf(schema);
  const parts: string[] = [];

  if (maxLength !== undefined && minLength) parts.push(t('lengthRange', { minLength, maxLength }));
  else if (maxLength !== undefined) parts.push(t('maxLength', { maxLength }));
  else if (minLength) parts.push(t('minLength', { minLength }));
  if (minimum !== undefined && maximum !== undefined) parts.push(t('range', { minimum, maximum }));
  else if (maximum !== undefined) parts.push(t('maximum', { maximum }));
  else if (minimum !== undefined) parts.push(t('minimum', { minimum }));

  return (
    <span className="space-y-0.5">
      {parts.map((part) => (
        <span key={part} className="block">
          {part}
        </span>
      ))}
      {pattern ? (
        <span className="block">
          {t('pattern')} <code className="font-mono text-xs break-all">{pattern}</code>
        </span>
      ) : null}
    </span>
  );
}

async function FieldTable({ rows }: { rows: FieldRow[] }) {
  const t = await getTranslations('apiReference');

  return (
    <div className="overflow-x-auto rounded-md border border-line">
      <table className={tableClasses}>
        <thead className={headClasses}>
          <tr>
            <th scope="col" className={cellClasses}>
              {t('columns.field')}
            </th>
            <th scope="col" className={cellClasses}>
              {t('columns.type')}
            </th>
            <th scope="col" className={cellClasses}>
              {t('columns.values')}
            </th>
            <th scope="col" className={cellClasses}>
              {t('columns.limits')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {rows.map((row) => {
            const values = enumOf(row.schema);

            return (
              <tr key={row.name}>
                <th scope="row" className={`${cellClasses} font-normal`}>
                  <code className="font-mono text-xs font-semibold">{row.name}</code>
                  {row.required ? (
                    <span className="ml-2 text-xs text-red-800">{t('required')}</span>
                  ) : null}
                </th>
                <td className={`${cellClasses} whitespace-nowrap`}>
                  <TypeName schema={row.schema} />
                </td>
                <td className={cellClasses}>
                  {values ? <EnumValues values={values} /> : null}
                  {row.schema.default !== undefined ? (
                    <span className="block text-xs text-muted">
                      {t('defaultValue', { value: String(row.schema.default) })}
                    </span>
                  ) : null}
                </td>
                <td className={`${cellClasses} text-xs`}>
                  <Limits schema={row.schema} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The fields of a JSON body. A union is shown per shape, headed by the value of the field that
 * selects it (for example `operation`).
 */
export async function SchemaFields({ schema }: { schema: JsonSchema }) {
  const t = await getTranslations('apiReference');
  const variants = variantsOf(schema);

  if (variants.length === 1 && !variants[0]!.discriminator) {
    return variants[0]!.fields.length > 0 ? (
      <FieldTable rows={variants[0]!.fields} />
    ) : (
      <p className="text-sm">
        <TypeName schema={schema} />
      </p>
    );
  }

  return (
    <div className="space-y-4">
      {variants.map((variant, index) => (
        <div key={index} className="space-y-2">
          {variant.discriminator ? (
            <p className="text-sm">
              {t('variant')}{' '}
              <code className="font-mono text-xs">{variant.discriminator.field}</code> ={' '}
              <EnumValues values={variant.discriminator.values} />
            </p>
          ) : null}
          <FieldTable rows={variant.fields} />
        </div>
      ))}
    </div>
  );
}
