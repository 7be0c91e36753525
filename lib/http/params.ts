import { z } from 'zod';

import { notFound } from './errors';

/** An id from the URL; anything that is not a UUID cannot name a record, so it is a 404. */
export function uuidParam(value: string | undefined, what: string): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw notFound(what);

  return parsed.data;
}
