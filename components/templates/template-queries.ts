'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';

import type { createTemplateSchema, updateTemplateSchema } from '@/lib/templates/schemas';
import { apiRequest } from '@/components/ui/api-client';
import { clusterKeys, templateKeys } from '@/components/ui/query-keys';
import type { Cluster } from '@/components/clusters/cluster-types';

import type { Template } from './template-types';

export type CreateTemplateRequest = z.input<typeof createTemplateSchema>;
export type UpdateTemplateRequest = z.input<typeof updateTemplateSchema>;

const templateUrl = (id: string) => `/api/templates/${encodeURIComponent(id)}`;

export function useTemplates() {
  return useQuery({
    queryKey: templateKeys.lists(),
    queryFn: ({ signal }) =>
      apiRequest<{ items: Template[] }>('/api/templates', { signal }).then((body) => body.items),
  });
}

export function useTemplate(id: string) {
  const queryClient = useQueryClient();

  return useQuery({
    queryKey: templateKeys.detail(id),
    queryFn: ({ signal }) => apiRequest<Template>(templateUrl(id), { signal }),
    initialData: () =>
      queryClient.getQueryData<Template[]>(templateKeys.lists())?.find((item) => item.id === id),
    initialDataUpdatedAt: () => queryClient.getQueryState(templateKeys.lists())?.dataUpdatedAt,
  });
}

function storeTemplate(queryClient: QueryClient, template: Template): void {
  queryClient.setQueryData(templateKeys.detail(template.id), template);
  queryClient.setQueryData<Template[]>(templateKeys.lists(), (list) => {
    if (!list) return list;
    const present = list.some((item) => item.id === template.id);
    return present
      ? list.map((item) => (item.id === template.id ? template : item))
      : [...list, template];
  });
}

/** A cluster's template count moves when a template is linked to it or leaves it. */
function invalidateClusters(queryClient: QueryClient, clusterIds: (string | undefined)[]) {
  const ids = [...new Set(clusterIds.filter((id): id is string => Boolean(id)))];

  return Promise.all([
    queryClient.invalidateQueries({ queryKey: clusterKeys.lists() }),
    ...ids.map((id) => queryClient.invalidateQueries({ queryKey: clusterKeys.detail(id) })),
  ]);
}

export function useCreateTemplate() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: CreateTemplateRequest) =>
      apiRequest<Template>('/api/templates', { method: 'POST', body: input }),
    onSuccess: (template) => {
      storeTemplate(queryClient, template);
      return invalidateClusters(queryClient, [template.clusterId]);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: templateKeys.lists() }),
  });
}

interface Snapshot {
  list: Template[] | undefined;
  detail: Template | undefined;
}

async function snapshot(queryClient: QueryClient, id: string): Promise<Snapshot> {
  await queryClient.cancelQueries({ queryKey: templateKeys.lists() });
  await queryClient.cancelQueries({ queryKey: templateKeys.detail(id) });

  return {
    list: queryClient.getQueryData<Template[]>(templateKeys.lists()),
    detail: queryClient.getQueryData<Template>(templateKeys.detail(id)),
  };
}

function restore(queryClient: QueryClient, id: string, saved: Snapshot | undefined): void {
  if (!saved) return;
  queryClient.setQueryData(templateKeys.lists(), saved.list);
  queryClient.setQueryData(templateKeys.detail(id), saved.detail);
}

export function useUpdateTemplate(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: UpdateTemplateRequest) =>
      apiRequest<Template>(templateUrl(id), { method: 'PATCH', body: input }),
    onMutate: async (input) => {
      const saved = await snapshot(queryClient, id);
      if (saved.detail) {
        const {
          provisioningPassword: _password,
          provisioningPasswordConfirm: _confirm,
          ...fields
        } = input;
        const cluster =
          fields.clusterId === saved.detail.clusterId
            ? saved.detail.cluster
            : queryClient
                .getQueryData<Cluster[]>(clusterKeys.lists())
                ?.find((item) => item.id === fields.clusterId);
        storeTemplate(queryClient, {
          ...saved.detail,
          ...fields,
          countryCode: fields.countryCode.toUpperCase(),
          spAdminEmail: fields.spAdminEmail || null,
          partnerAdminDisplayName: fields.partnerAdminDisplayName || null,
          cluster: cluster ? { id: cluster.id, name: cluster.name } : saved.detail.cluster,
          version: saved.detail.version,
        } as Template);
      }
      return saved;
    },
    onError: (_error, _input, saved) => restore(queryClient, id, saved),
    onSuccess: (template, _input, saved) => {
      storeTemplate(queryClient, template);
      if (saved?.detail && saved.detail.clusterId !== template.clusterId) {
        return invalidateClusters(queryClient, [saved.detail.clusterId, template.clusterId]);
      }
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: templateKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: templateKeys.detail(id) }),
      ]),
  });
}

export function useDeleteTemplate(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => apiRequest<void>(templateUrl(id), { method: 'DELETE' }),
    onMutate: async () => {
      const saved = await snapshot(queryClient, id);
      queryClient.setQueryData<Template[]>(templateKeys.lists(), (list) =>
        list?.filter((item) => item.id !== id),
      );
      return saved;
    },
    onError: (_error, _input, saved) => {
      restore(queryClient, id, saved);
      // A refusal means the server knows of links this page has not seen yet.
      void queryClient.invalidateQueries({ queryKey: templateKeys.detail(id) });
    },
    onSuccess: (_result, _input, saved) => {
      queryClient.removeQueries({ queryKey: templateKeys.detail(id) });
      const clusterId =
        saved?.detail?.clusterId ?? saved?.list?.find((item) => item.id === id)?.clusterId;
      return invalidateClusters(queryClient, [clusterId]);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: templateKeys.lists() }),
  });
}

export function refetchTemplate(queryClient: QueryClient, id: string): Promise<Template> {
  return queryClient.fetchQuery({
    queryKey: templateKeys.detail(id),
    queryFn: () => apiRequest<Template>(templateUrl(id)),
    staleTime: 0,
  });
}
