/** The parts of an OpenAPI 3.1 document and its JSON Schemas that the reference page reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface Content {
  schema?: JsonSchema;
}

export interface Response {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, Content>;
}

export interface Operation {
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, Content> };
  responses: Record<string, Response>;
}

export type PathItem = { parameters?: Parameter[] } & Partial<Record<Method, Operation>>;

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  components?: {
    securitySchemes?: Record<string, { type: string; scheme?: string }>;
    schemas?: Record<string, JsonSchema>;
  };
  paths: Record<string, PathItem>;
}

export const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof methods)[number];

export interface OperationEntry {
  path: string;
  method: Method;
  anchor: string;
  operation: Operation;
  parameters: Parameter[];
}

/** Every operation in the document's order, with the parameters its path item shares. */
export function operationsOf(document: OpenApiDocument): OperationEntry[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];

      return [
        {
          path,
          method,
          anchor: `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
          operation,
          parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])],
        },
      ];
    }),
  );
}

export function refName(ref: string): string {
  return ref.split('/').at(-1) ?? ref;
}

/** A schema's type in a few characters: `string (uuid)`, `string | null`, `Subscriber[]`. */
export function typeOf(schema: JsonSchema): string {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);

  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' | ');

  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return schema.enum ? 'string' : 'any';

  return types
    .map((type) => {
      if (type === 'array') return schema.items ? `${typeOf(schema.items)}[]` : 'array';
      if (type !== 'null' && schema.format) return `${type} (${schema.format})`;
      return type;
    })
    .join(' | ');
}

/** The allowed values of a field, also when they sit in one branch of a union. */
export function enumOf(schema: JsonSchema): unknown[] | undefined {
  if (schema.enum) return schema.enum;

  return (schema.anyOf ?? schema.oneOf)?.map(enumOf).find(Boolean);
}

/** The length or size limits of a field, looking through `string | null` style unions. */
export function limitsOf(schema: JsonSchema): JsonSchema {
  const own: JsonSchema = {
    minLength: schema.minLength,
    maxLength: schema.maxLength,
    minimum: schema.minimum,
    // JavaScript's safe-integer bound is how zod spells "any whole number", not a limit.
    maximum: schema.maximum === Number.MAX_SAFE_INTEGER ? undefined : schema.maximum,
    pattern: schema.format ? undefined : schema.pattern,
  };
  const branch = (schema.anyOf ?? schema.oneOf)?.find((variant) => variant.type !== 'null');

  return branch && !Object.values(own).some((value) => value !== undefined)
    ? limitsOf(branch)
    : own;
}

export interface FieldRow {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

/** The fields of an object schema, nested objects and arrays of objects as `user.userId`. */
export function fieldsOf(schema: JsonSchema, prefix = ''): FieldRow[] {
  const required = new Set(schema.required ?? []);

  return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => {
    const name = `${prefix}${key}`;
    const row = { name, schema: property, required: required.has(key) };
    if (property.properties) return [row, ...fieldsOf(property, `${name}.`)];
    if (property.items?.properties) return [row, ...fieldsOf(property.items, `${name}[].`)];

    return [row];
  });
}

export interface Variant {
  /** The values of the field that tells the variants apart, such as `operation`. */
  discriminator?: { field: string; values: unknown[] };
  fields: FieldRow[];
}

/**
 * The shapes a body may take. Variants of a union that differ only in their discriminating
 * constant are shown once, with all the values that share the shape.
 */
export function variantsOf(schema: JsonSchema): Variant[] {
  if (!schema.oneOf) return [{ fields: fieldsOf(schema) }];

  const field = Object.keys(schema.oneOf[0]?.properties ?? {}).find((key) =>
    schema.oneOf!.every((variant) => variant.properties?.[key]?.const !== undefined),
  );
  const shapes = new Map<string, Variant>();
  for (const variant of schema.oneOf) {
    const fields = fieldsOf(variant);
    const shape = JSON.stringify(fields.filter((row) => row.name !== field));
    const value = field ? variant.properties![field]!.const : undefined;
    const seen = shapes.get(shape);
    if (seen?.discriminator) seen.discriminator.values.push(value);
    else
      shapes.set(shape, { discriminator: field ? { field, values: [value] } : undefined, fields });
  }

  return [...shapes.values()];
}
