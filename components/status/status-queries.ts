'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { CreateIncidentInput, CreateWebhookInput } from '@/lib/status/schemas';
import { apiRequest } from '@/components/ui/api-client';
import { statusKeys } from '@/components/ui/query-keys';

import type { Incident, ServiceStatus, StatusWebhook } from './status-types';

export function useServiceStatus() {
  return useQuery({
    queryKey: statusKeys.summary(),
    queryFn: ({ signal }) => apiRequest<ServiceStatus>('/api/status', { signal }),
  });
}

export function usePostIncident() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: CreateIncidentInput) =>
      apiRequest<Incident>('/api/incidents', { method: 'POST', body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: statusKeys.summary() }),
  });
}

export function useResolveIncident() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<Incident>(`/api/incidents/${encodeURIComponent(id)}/resolve`, {
        method: 'POST',
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: statusKeys.summary() }),
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: statusKeys.webhooks(),
    queryFn: ({ signal }) =>
      apiRequest<{ items: StatusWebhook[] }>('/api/status/webhooks', { signal }).then(
        (body) => body.items,
      ),
  });
}

interface SubscribeRequest {
  input: CreateWebhookInput;
  /** Receives the signing secret, the one time the server sends it. */
  receiveSecret: (secret: string) => void;
}

/** Subscribes a webhook; the secret goes to the caller and never into the query cache. */
export function useSubscribeWebhook() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: async ({ input, receiveSecret }: SubscribeRequest) => {
      const { secret, ...webhook } = await apiRequest<StatusWebhook & { secret: string }>(
        '/api/status/webhooks',
        { method: 'POST', body: input },
      );
      receiveSecret(secret);

      return webhook;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: statusKeys.webhooks() }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>(`/api/status/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: statusKeys.webhooks() }),
  });
}
