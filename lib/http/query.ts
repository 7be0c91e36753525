import type { NextRequest } from 'next/server';
import type { z } from 'zod';

/** Parses the query string with a schema; repeated parameters keep their last value. */
export function parseQuery<Schema extends z.ZodType>(
  request: NextRequest,
  schema: Schema,
): z.output<Schema> {
  return schema.parse(Object.fromEntries(request.nextUrl.searchParams));
}
