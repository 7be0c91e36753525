import { readFileSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from './test-server';

type Messages = Record<string, Record<string, string | Record<string, string>>>;

/** The app's own UI texts, so that a copy change does not break a test about behaviour. */
export function messages(locale: 'en' | 'nl'): Messages {
  const file = path.join(projectRoot, 'messages', `${locale}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Messages;
}

export const en = messages('en');
export const nl = messages('nl');

export function text(catalogue: Messages, key: string): string {
  const [namespace, ...rest] = key.split('.');
  let value: unknown = catalogue[namespace!];
  for (const part of rest) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== 'string') throw new Error(`no UI text ${key}`);

  return value;
}
