'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ClientIdentityView } from '@/lib/certificates/client-identity';
import type { XspCertificateList } from '@/lib/certificates/xsp-inventory';
import { apiRequest } from '@/components/ui/api-client';
import { certificateKeys } from '@/components/ui/query-keys';

type IdentityList = { items: ClientIdentityView[] };

export function useClientIdentities() {
  return useQuery({
    queryKey: certificateKeys.identities(),
    queryFn: ({ signal }) =>
      apiRequest<IdentityList>('/api/certificates/identities', { signal }).then((b) => b.items),
  });
}

/** Renewing and retiring both answer with the chains now in use. */
function useIdentityMutation<Input>(request: (input: Input) => Promise<IdentityList>) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: async (input: Input) => (await request(input)).items,
    onSuccess: (items) => queryClient.setQueryData(certificateKeys.identities(), items),
    onSettled: () => queryClient.invalidateQueries({ queryKey: certificateKeys.identities() }),
  });
}

export function useRenewIdentity() {
  return useIdentityMutation(() =>
    apiRequest<IdentityList>('/api/certificates/identities', { method: 'POST' }),
  );
}

export function useRetireIdentity() {
  return useIdentityMutation((id: string) =>
    apiRequest<IdentityList>(`/api/certificates/identities/${encodeURIComponent(id)}/retire`, {
      method: 'POST',
    }),
  );
}

export function useXspCertificates() {
  return useQuery({
    queryKey: certificateKeys.xsp(),
    queryFn: ({ signal }) => apiRequest<XspCertificateList>('/api/certificates/xsp', { signal }),
  });
}

/** Rechecks one cluster, or all of them without a cluster id. */
export function useRecheckCertificates() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (clusterId: string | null) =>
      apiRequest<XspCertificateList>(
        clusterId
          ? `/api/certificates/xsp/${encodeURIComponent(clusterId)}/recheck`
          : '/api/certificates/xsp/recheck',
        { method: 'POST' },
      ),
    onSuccess: (list) => queryClient.setQueryData(certificateKeys.xsp(), list),
  });
}
