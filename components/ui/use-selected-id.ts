'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/**
 * The record opened in a flyout, kept in the URL (`?cluster=<id>`) so a link can open it.
 * The native history API updates the URL without asking the server for the page again.
 */
export function useSelectedId(param: string): [string | null, (id: string | null) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const selected = searchParams.get(param);

  const select = useCallback(
    (id: string | null) => {
      const next = new URLSearchParams(window.location.search);
      if (id) next.set(param, id);
      else next.delete(param);
      const query = next.toString();
      window.history.replaceState(null, '', query ? `${pathname}?${query}` : pathname);
    },
    [param, pathname],
  );

  return [selected, select];
}
