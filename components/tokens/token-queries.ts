'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';

import type { CreateTokenInput } from '@/lib/tokens/schemas';
import { apiRequest } from '@/components/ui/api-client';
import { tokenKeys } from '@/components/ui/query-keys';

import type { ApiToken } from './token-types';

export function useTokens() {
  return useQuery({
    queryKey: tokenKeys.lists(),
    queryFn: ({ signal }) =>
      apiRequest<{ items: ApiToken[] }>('/api/tokens', { signal }).then((body) => body.items),
  });
}

function putInList(queryClient: QueryClient, token: ApiToken): void {
  queryClient.setQueryData<ApiToken[]>(tokenKeys.lists(), (list) => {
    if (!list) return list;
    const present = list.some((item) => item.id === token.id);
    return present ? list.map((item) => (item.id === token.id ? token : item)) : [token, ...list];
  });
}

interface CreateTokenRequest {
  input: CreateTokenInput;
  /** Receives the full token, the one time the server sends it. */
  receiveSecret: (secret: string) => void;
}

/**
 * Creates a token. The secret is handed to the caller and cut from the answer before the
 * mutation returns, so that neither the mutation cache nor the list ever holds it.
 */
export function useCreateToken() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: async ({ input, receiveSecret }: CreateTokenRequest) => {
      const { token: secret, ...token } = await apiRequest<ApiToken & { token: string }>(
        '/api/tokens',
        { method: 'POST', body: input },
      );
      receiveSecret(secret);

      return token;
    },
    onSuccess: (token) => putInList(queryClient, token),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.lists() }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<ApiToken>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (token) => putInList(queryClient, token),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.lists() }),
  });
}
