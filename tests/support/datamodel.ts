import { readFileSync } from 'node:fs';
import path from 'node:path';

import { get_dmmf } from '@prisma/prisma-schema-wasm';

/** The parts of Prisma's DMMF that the tests read. */
export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; operatorClass?: string }[];
}

export interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

export const schemaPath = path.resolve(import.meta.dirname, '../../prisma/schema.prisma');

export function readPrismaSchema(): string {
  return readFileSync(schemaPath, 'utf8');
}

export function parseDatamodel(prismaSchema = readPrismaSchema()): Datamodel {
  return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))).datamodel;
}
