'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { z } from 'zod';

/**
 * A list's query kept in the page URL, read with the schema the API uses. A parameter the
 * schema refuses is left out rather than breaking the page; changes replace the history entry
 * through the native history API, which Next keeps in step with `useSearchParams`.
 */
export function useUrlQuery<Schema extends z.ZodObject>(
  schema: Schema,
): [z.output<Schema>, (patch: Record<string, string | number | undefined>) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();

  const query = useMemo(() => {
    const values: Record<string, string> = {};
    for (const [name, value] of searchParams) {
      if (!(name in schema.shape)) continue;
      const field = schema.pick({ [name]: true } as never).safeParse({ [name]: value });
      if (field.success) values[name] = value;
    }
    return schema.parse(values);
  }, [schema, searchParams]);

  const update = useCallback(
    (patch: Record<string, string | number | undefined>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [name, value] of Object.entries(patch)) {
        if (value === undefined || value === '') next.delete(name);
        else next.set(name, String(value));
      }
      const text = next.toString();
      window.history.replaceState(null, '', text ? `${pathname}?${text}` : pathname);
    },
    [pathname],
  );

  return [query, update];
}
