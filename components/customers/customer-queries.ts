'use client';

import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useCallback } from 'react';

import type { ListCustomerSubscribersQuery, ListCustomersQuery } from '@/lib/customers/schemas';
import type { SubscriberPackage } from '@/lib/generated/prisma/enums';
import { apiRequest } from '@/components/ui/api-client';

import {
  unsettledStatuses,
  type CustomerActivity,
  type CustomerDetails,
  type CustomerPage,
  type CustomerSubscriber,
  type SubscriberPage,
} from './customer-types';

/**
 * Query keys of customers. Lists are searched, filtered and paged on the server, so each
 * query is part of its key; everything about one customer sits under its detail key.
 */
export const customerKeys = {
  all: ['customers'] as const,
  lists: () => [...customerKeys.all, 'list'] as const,
  list: (query: ListCustomersQuery) => [...customerKeys.lists(), query] as const,
  detail: (id: string) => [...customerKeys.all, 'detail', id] as const,
  subscriberLists: (id: string) => [...customerKeys.detail(id), 'subscribers'] as const,
  subscriberList: (id: string, query: ListCustomerSubscribersQuery) =>
    [...customerKeys.subscriberLists(id), query] as const,
  subscriber: (id: string, subscriberId: string) =>
    [...customerKeys.detail(id), 'subscriber', subscriberId] as const,
  activity: (id: string) => [...customerKeys.detail(id), 'activity'] as const,
};

function searchOf(query: object): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const customerUrl = (id: string) => `/api/customers/${encodeURIComponent(id)}`;
const subscriberUrl = (id: string, subscriberId: string) =>
  `${customerUrl(id)}/subscribers/${encodeURIComponent(subscriberId)}`;

export function useCustomers(query: ListCustomersQuery) {
  return useQuery({
    queryKey: customerKeys.list(query),
    queryFn: ({ signal }) =>
      apiRequest<CustomerPage>(`/api/customers${searchOf(query)}`, { signal }),
    // While the next search runs, the previous results stay instead of a blank table.
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: ({ signal }) => apiRequest<CustomerDetails>(customerUrl(id), { signal }),
  });
}

export function useCustomerSubscribers(id: string, query: ListCustomerSubscribersQuery) {
  return useQuery({
    queryKey: customerKeys.subscriberList(id, query),
    queryFn: ({ signal }) =>
      apiRequest<SubscriberPage>(`${customerUrl(id)}/subscribers${searchOf(query)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCustomerActivity(id: string) {
  return useQuery({
    queryKey: customerKeys.activity(id),
    queryFn: ({ signal }) =>
      apiRequest<CustomerActivity>(`${customerUrl(id)}/activity`, { signal }),
  });
}

const pollMs = 1_000;
const pollLimitMs = 120_000;

/**
 * Follows one subscriber after an action until the background work has settled its status,
 * asking once a second and giving up after two minutes.
 */
export function useSubscriberProgress(id: string, subscriberId: string, since?: number) {
  return useQuery({
    queryKey: customerKeys.subscriber(id, subscriberId),
    enabled: since !== undefined,
    queryFn: ({ signal }) =>
      apiRequest<CustomerSubscriber>(subscriberUrl(id, subscriberId), { signal }),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      const waiting = !status || unsettledStatuses.includes(status);
      return waiting && Date.now() - (since ?? 0) < pollLimitMs ? pollMs : false;
    },
  });
}

/** What an action on a subscriber changes: its lists, the counts, the activity, the list page. */
function refreshAfterAction(queryClient: QueryClient, id: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: customerKeys.subscriberLists(id) }),
    queryClient.invalidateQueries({ queryKey: customerKeys.detail(id), exact: true }),
    queryClient.invalidateQueries({ queryKey: customerKeys.activity(id) }),
    queryClient.invalidateQueries({ queryKey: customerKeys.lists() }),
  ]);
}

/** Takes in a subscriber whose status has settled, and refreshes what depends on it. */
export function useSettledSubscriber(id: string) {
  const queryClient = useQueryClient();

  return useCallback(
    (subscriber: CustomerSubscriber) => {
      storeSubscriber(queryClient, id, subscriber);
      return refreshAfterAction(queryClient, id);
    },
    [queryClient, id],
  );
}

function storeSubscriber(queryClient: QueryClient, id: string, subscriber: CustomerSubscriber) {
  queryClient.setQueryData(customerKeys.subscriber(id, subscriber.id), subscriber);
  queryClient.setQueriesData<SubscriberPage>(
    { queryKey: customerKeys.subscriberLists(id) },
    (page) =>
      page && {
        ...page,
        items: page.items.map((item) => (item.id === subscriber.id ? subscriber : item)),
      },
  );
}

export function useRetrySubscriber(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (subscriberId: string) =>
      apiRequest<CustomerSubscriber>(`${subscriberUrl(id, subscriberId)}/retry`, {
        method: 'POST',
      }),
    onSuccess: (subscriber) => storeSubscriber(queryClient, id, subscriber),
    onSettled: () => queryClient.invalidateQueries({ queryKey: customerKeys.activity(id) }),
  });
}

export function useChangePackage(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: { subscriberId: string; package: SubscriberPackage }) =>
      apiRequest<CustomerSubscriber>(subscriberUrl(id, input.subscriberId), {
        method: 'PATCH',
        body: { package: input.package },
      }),
    onSuccess: (subscriber) => storeSubscriber(queryClient, id, subscriber),
    onSettled: () => refreshAfterAction(queryClient, id),
  });
}

export function useRemoveSubscriber(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (subscriberId: string) =>
      apiRequest<void>(subscriberUrl(id, subscriberId), { method: 'DELETE' }),
    onSuccess: (_result, subscriberId) =>
      queryClient.removeQueries({ queryKey: customerKeys.subscriber(id, subscriberId) }),
    onSettled: () => refreshAfterAction(queryClient, id),
  });
}
