'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';

import type { z } from 'zod';

import type { createClusterSchema, updateClusterSchema } from '@/lib/clusters/schemas';
import { apiRequest } from '@/components/ui/api-client';
import { clusterKeys, templateKeys } from '@/components/ui/query-keys';

import type { Cluster } from './cluster-types';

export type CreateClusterRequest = z.input<typeof createClusterSchema>;
export type UpdateClusterRequest = z.input<typeof updateClusterSchema>;

const clusterUrl = (id: string) => `/api/clusters/${encodeURIComponent(id)}`;

export function useClusters() {
  return useQuery({
    queryKey: clusterKeys.lists(),
    queryFn: ({ signal }) =>
      apiRequest<{ items: Cluster[] }>('/api/clusters', { signal }).then((body) => body.items),
  });
}

export function useCluster(id: string) {
  const queryClient = useQueryClient();

  return useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: ({ signal }) => apiRequest<Cluster>(clusterUrl(id), { signal }),
    // The list already holds the cluster: show it at once and refresh it behind the scenes.
    initialData: () =>
      queryClient.getQueryData<Cluster[]>(clusterKeys.lists())?.find((c) => c.id === id),
    initialDataUpdatedAt: () => queryClient.getQueryState(clusterKeys.lists())?.dataUpdatedAt,
  });
}

function putInList(queryClient: QueryClient, cluster: Cluster): void {
  queryClient.setQueryData<Cluster[]>(clusterKeys.lists(), (list) => {
    if (!list) return list;
    const present = list.some((item) => item.id === cluster.id);
    return present
      ? list.map((item) => (item.id === cluster.id ? cluster : item))
      : [...list, cluster];
  });
}

/** Stores a cluster the server answered with, in its detail and in the list. */
function storeCluster(queryClient: QueryClient, cluster: Cluster): void {
  queryClient.setQueryData(clusterKeys.detail(cluster.id), cluster);
  putInList(queryClient, cluster);
}

export function useCreateCluster() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: CreateClusterRequest) =>
      apiRequest<Cluster>('/api/clusters', { method: 'POST', body: input }),
    onSuccess: (cluster) => storeCluster(queryClient, cluster),
    onSettled: () => queryClient.invalidateQueries({ queryKey: clusterKeys.lists() }),
  });
}

interface Snapshot {
  list: Cluster[] | undefined;
  detail: Cluster | undefined;
}

async function snapshot(queryClient: QueryClient, id: string): Promise<Snapshot> {
  await queryClient.cancelQueries({ queryKey: clusterKeys.lists() });
  await queryClient.cancelQueries({ queryKey: clusterKeys.detail(id) });

  return {
    list: queryClient.getQueryData<Cluster[]>(clusterKeys.lists()),
    detail: queryClient.getQueryData<Cluster>(clusterKeys.detail(id)),
  };
}

function restore(queryClient: QueryClient, id: string, saved: Snapshot | undefined): void {
  if (!saved) return;
  queryClient.setQueryData(clusterKeys.lists(), saved.list);
  queryClient.setQueryData(clusterKeys.detail(id), saved.detail);
}

export function useUpdateCluster(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: UpdateClusterRequest) =>
      apiRequest<Cluster>(clusterUrl(id), { method: 'PATCH', body: input }),
    onMutate: async (input) => {
      const saved = await snapshot(queryClient, id);
      if (saved.detail) {
        const { validationPassword: _password, confirmWideImpact: _confirm, ...fields } = input;
        const optimistic = {
          ...saved.detail,
          ...fields,
          ctiUrl: fields.ctiUrl || null,
          dasUrl: fields.dasUrl || null,
          version: saved.detail.version,
        } as Cluster;
        storeCluster(queryClient, optimistic);
      }
      return saved;
    },
    onError: (_error, _input, saved) => restore(queryClient, id, saved),
    onSuccess: (cluster, _input, saved) => {
      storeCluster(queryClient, cluster);
      // Templates show their cluster's name.
      if (saved?.detail && saved.detail.name !== cluster.name) {
        void queryClient.invalidateQueries({ queryKey: templateKeys.all });
      }
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: clusterKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: clusterKeys.detail(id) }),
      ]),
  });
}

export function useDeleteCluster(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => apiRequest<void>(clusterUrl(id), { method: 'DELETE' }),
    onMutate: async () => {
      const saved = await snapshot(queryClient, id);
      queryClient.setQueryData<Cluster[]>(clusterKeys.lists(), (list) =>
        list?.filter((item) => item.id !== id),
      );
      return saved;
    },
    onError: (_error, _input, saved) => {
      restore(queryClient, id, saved);
      // A refusal means the server knows of links this page has not seen yet.
      void queryClient.invalidateQueries({ queryKey: clusterKeys.detail(id) });
    },
    onSuccess: () => queryClient.removeQueries({ queryKey: clusterKeys.detail(id) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: clusterKeys.lists() }),
  });
}

/** Runs the connectivity check on the server; the answer is the cluster with fresh results. */
export function useCheckCluster(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => apiRequest<Cluster>(`${clusterUrl(id)}/check`, { method: 'POST' }),
    onSuccess: (cluster) => storeCluster(queryClient, cluster),
  });
}

/** Reads the cluster again from the server, bypassing the cache, for example after a 409. */
export function refetchCluster(queryClient: QueryClient, id: string): Promise<Cluster> {
  return queryClient.fetchQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: () => apiRequest<Cluster>(clusterUrl(id)),
    staleTime: 0,
  });
}
