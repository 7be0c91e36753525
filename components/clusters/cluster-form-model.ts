import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver, UseFormSetError } from 'react-hook-form';
import { z } from 'zod';

import { broadWorksReleases, currentRelease } from '@/lib/clusters/releases';
import { checkDependentFields, clusterFieldsSchema } from '@/lib/clusters/schemas';
import { isApiError } from '@/components/ui/api-client';
import { applyFieldErrors } from '@/components/ui/form-errors';

import type { CreateClusterRequest } from './cluster-queries';
import type { Cluster } from './cluster-types';

export type ClusterFormValues = z.input<typeof clusterFieldsSchema>;
export type ClusterField = keyof ClusterFormValues;

export const clusterFieldNames = Object.keys(clusterFieldsSchema.shape) as ClusterField[];

export type ClusterGroup = 'account' | 'interfaces' | 'cti' | 'authentication';

/** The fields of each part of the form, in the order of the add steps. */
export const clusterGroups: Record<ClusterGroup, readonly ClusterField[]> = {
  account: ['name', 'validationUserId', 'validationPassword'],
  interfaces: ['xsiActionsUrl', 'xsiEventsUrl', 'dasUrl'],
  cti: [
    'ctiUrl',
    'ctiPort',
    'callHistorySync',
    'callHistorySyncUserId',
    'dndSync',
    'dndSyncUserId',
    'assistantStatusSync',
    'assistantStatusSyncUserId',
    'directBroadWorksAuth',
  ],
  authentication: ['authServiceUrl', 'authUseCloudToken', 'release'],
};

export const clusterGroupOrder: ClusterGroup[] = ['account', 'interfaces', 'cti', 'authentication'];

/**
 * The shared schema narrowed to some fields, with the rules between them. Other fields of the
 * form are ignored rather than refused, so one step can be checked on its own.
 */
export function clusterSchemaFor(fields: readonly ClusterField[]) {
  const mask = Object.fromEntries(fields.map((field) => [field, true])) as Record<
    ClusterField,
    true
  >;

  return clusterFieldsSchema.pick(mask).strip().superRefine(checkDependentFields);
}

/** Validates with the schema but hands the form's own values on, untransformed. */
export function clusterResolver(schema: z.ZodType): Resolver<ClusterFormValues> {
  return zodResolver(schema as z.ZodType<unknown, ClusterFormValues>, undefined, {
    raw: true,
  }) as unknown as Resolver<ClusterFormValues>;
}

export const emptyClusterForm: ClusterFormValues = {
  name: '',
  release: currentRelease,
  xsiActionsUrl: '',
  xsiEventsUrl: '',
  authServiceUrl: '',
  authUseCloudToken: false,
  ctiUrl: '',
  ctiPort: null,
  dasUrl: '',
  directBroadWorksAuth: false,
  callHistorySync: false,
  callHistorySyncUserId: '',
  dndSync: false,
  dndSyncUserId: '',
  assistantStatusSync: false,
  assistantStatusSyncUserId: '',
  validationUserId: '',
  validationPassword: '',
};

/** The form's starting values for an edit; the stored password is never known here. */
export function clusterFormValues(cluster: Cluster): ClusterFormValues {
  return {
    name: cluster.name,
    release: broadWorksReleases.includes(cluster.release) ? cluster.release : currentRelease,
    xsiActionsUrl: cluster.xsiActionsUrl,
    xsiEventsUrl: cluster.xsiEventsUrl,
    authServiceUrl: cluster.authServiceUrl,
    authUseCloudToken: cluster.authUseCloudToken,
    ctiUrl: cluster.ctiUrl ?? '',
    ctiPort: cluster.ctiPort,
    dasUrl: cluster.dasUrl ?? '',
    directBroadWorksAuth: cluster.directBroadWorksAuth,
    callHistorySync: cluster.callHistorySync,
    callHistorySyncUserId: cluster.callHistorySyncUserId ?? '',
    dndSync: cluster.dndSync,
    dndSyncUserId: cluster.dndSyncUserId ?? '',
    assistantStatusSync: cluster.assistantStatusSync,
    assistantStatusSyncUserId: cluster.assistantStatusSyncUserId ?? '',
    validationUserId: cluster.validationUserId ?? '',
    validationPassword: '',
  };
}

/**
 * What the API receives: a sync that is off keeps no user ID, and a blank password is left
 * out so that the stored one stays.
 */
export function clusterRequest(values: ClusterFormValues): CreateClusterRequest {
  const { validationPassword, ...fields } = values;

  return {
    ...fields,
    callHistorySyncUserId: fields.callHistorySync ? fields.callHistorySyncUserId : '',
    dndSyncUserId: fields.dndSync ? fields.dndSyncUserId : '',
    assistantStatusSyncUserId: fields.assistantStatusSync ? fields.assistantStatusSyncUserId : '',
    ...(validationPassword ? { validationPassword } : {}),
  };
}

/**
 * Shows the API's field errors under the fields; a taken name gets the admin's language
 * rather than the API's English. Returns the fields marked.
 */
export function markFieldErrors(
  error: unknown,
  setError: UseFormSetError<ClusterFormValues>,
): string[] {
  if (isApiError(error, 409) && error.reason === 'name_taken') {
    const message = 'validation.clusterNameTaken';
    setError('name', { type: 'server', message }, { shouldFocus: true });
    return ['name'];
  }

  return applyFieldErrors(error, setError, clusterFieldNames);
}
