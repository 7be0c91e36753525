'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';

import type { AnalyticsReport } from '@/lib/analytics/analytics-report';
import type { AnalyticsFilters } from '@/lib/analytics/schemas';
import { apiRequest } from '@/components/ui/api-client';

/** Analytics are read-only: one key per combination of filters. */
export const analyticsKeys = {
  all: ['analytics'] as const,
  report: (filters: AnalyticsFilters) => [...analyticsKeys.all, 'report', filters] as const,
};

function searchOf(filters: AnalyticsFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function useAnalytics(filters: AnalyticsFilters) {
  return useQuery({
    queryKey: analyticsKeys.report(filters),
    queryFn: ({ signal }) =>
      apiRequest<AnalyticsReport>(`/api/analytics${searchOf(filters)}`, { signal }),
    // While other filters load, the previous charts stay instead of a blank page.
    placeholderData: keepPreviousData,
  });
}
