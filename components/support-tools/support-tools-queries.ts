'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { apiRequest, isApiError } from '@/components/ui/api-client';
import type { AuditLogPage } from '@/lib/support-tools/audit-log';
import type { TrackingLookup } from '@/lib/support-tools/tracking-lookup';

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

export const supportToolsKeys = {
  lookup: (trackingId: string) => ['support-tools', 'lookup', trackingId] as const,
  audit: (filters: AuditFilterValues, cursor: string | undefined) =>
    ['support-tools', 'audit', filters, cursor ?? null] as const,
};

export function auditQueryString(filters: AuditFilterValues, cursor?: string): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

export function useTrackingLookup(trackingId: string | undefined) {
  return useQuery({
    queryKey: supportToolsKeys.lookup(trackingId ?? ''),
    queryFn: ({ signal }) =>
      apiRequest<TrackingLookup>(
        `/api/support/lookup?${new URLSearchParams({ trackingId: trackingId ?? '' })}`,
        { signal },
      ),
    enabled: Boolean(trackingId),
    // Not found is an answer, not a hiccup to retry.
    retry: (failures, error) => !isApiError(error, 404) && failures < 2,
  });
}

export function useAuditLog(filters: AuditFilterValues, cursor: string | undefined) {
  return useQuery({
    queryKey: supportToolsKeys.audit(filters, cursor),
    queryFn: ({ signal }) =>
      apiRequest<AuditLogPage>(`/api/support/audit?${auditQueryString(filters, cursor)}`, {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
