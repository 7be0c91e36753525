'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { apiRequest } from '@/components/ui/api-client';
import { outboxKeys } from '@/components/ui/query-keys';

import type { OutboxFilters, OutboxPage } from './outbox-types';

const pendingRefreshMs = 5_000;

function outboxUrl({ status, page }: OutboxFilters): string {
  const query = new URLSearchParams({ page: String(page) });
  if (status) query.set('status', status);

  return `/api/outbox?${query.toString()}`;
}

export function useOutbox(filters: OutboxFilters) {
  return useQuery({
    queryKey: outboxKeys.list(filters),
    queryFn: ({ signal }) => apiRequest<OutboxPage>(outboxUrl(filters), { signal }),
    // The previous page stays on screen while the next one loads, so the table does not jump.
    placeholderData: keepPreviousData,
    // A pending message is with the background worker; its outcome follows within seconds.
    refetchInterval: (query) =>
      query.state.data?.items.some((message) => message.status === 'pending')
        ? pendingRefreshMs
        : false,
  });
}
