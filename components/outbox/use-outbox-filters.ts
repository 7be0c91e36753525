'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

import { listOutboxQuery } from '@/lib/outbox/outbox-list';

import type { OutboxFilters } from './outbox-types';

/**
 * The status filter and page, kept in the URL (`?status=held&page=2`) so that a link shows the
 * same list. Read with the route's own schema; a value it refuses falls back to the first page.
 */
export function useOutboxFilters(): [OutboxFilters, (next: OutboxFilters) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const parsed = listOutboxQuery.safeParse({
    status: searchParams.get('status') ?? undefined,
    page: searchParams.get('page') ?? undefined,
  });
  const filters: OutboxFilters = parsed.success ? parsed.data : { page: 1 };

  const setFilters = useCallback(
    (next: OutboxFilters) => {
      const query = new URLSearchParams();
      if (next.status) query.set('status', next.status);
      if (next.page > 1) query.set('page', String(next.page));
      const text = query.toString();
      window.history.pushState(null, '', text ? `${pathname}?${text}` : pathname);
    },
    [pathname],
  );

  return [filters, setFilters];
}
