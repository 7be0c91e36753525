import { z } from 'zod';

import {
  broadWorksUserId,
  httpsUrl,
  optionalHttpsUrl,
  port,
  requiredText,
  version,
} from '@/lib/validation/fields';

import { broadWorksReleases } from './releases';

const syncChecks = [
  ['callHistorySync', 'callHistorySyncUserId'],
  ['dndSync', 'dndSyncUserId'],
  ['assistantStatusSync', 'assistantStatusSyncUserId'],
] as const;

/** Every editable field of a cluster; the validation password is write-only. */
export const clusterFieldsSchema = z.strictObject({
  name: requiredText(80),
  release: z.enum(broadWorksReleases, 'validation.invalid'),
  xsiActionsUrl: httpsUrl,
  xsiEventsUrl: httpsUrl,
  authServiceUrl: httpsUrl,
  authUseCloudToken: z.boolean(),
  ctiUrl: optionalHttpsUrl,
  ctiPort: port.nullable().optional(),
  dasUrl: optionalHttpsUrl,
  directBroadWorksAuth: z.boolean(),
  callHistorySync: z.boolean(),
  callHistorySyncUserId: broadWorksUserId.optional(),
  dndSync: z.boolean(),
  dndSyncUserId: broadWorksUserId.optional(),
  assistantStatusSync: z.boolean(),
  assistantStatusSyncUserId: broadWorksUserId.optional(),
  validationUserId: broadWorksUserId.optional(),
  /** Blank or absent keeps the stored password. */
  validationPassword: z.string().max(128, 'validation.tooLong|128').optional(),
});

type ClusterFields = z.infer<typeof clusterFieldsSchema>;

/** The rules between fields; exported so that a form step can check the fields it shows. */
export function checkDependentFields(
  value: Partial<ClusterFields>,
  context: z.RefinementCtx,
): void {
  for (const [toggle, userField] of syncChecks) {
    if (value[toggle] && !value[userField]) {
      context.addIssue({
        code: 'custom',
        path: [userField],
        message: 'validation.syncUserRequired',
      });
    }
  }
  if (value.ctiPort != null && !value.ctiUrl) {
    context.addIssue({ code: 'custom', path: ['ctiUrl'], message: 'validation.ctiPortWithoutUrl' });
  }
}

export const createClusterSchema = clusterFieldsSchema.superRefine(checkDependentFields);

/**
 * An edit sends the whole form with the version it started from. `confirmWideImpact`
 * acknowledges that changed interface URLs affect the cluster's customer organisations.
 */
export const updateClusterSchema = clusterFieldsSchema
  .extend({ version, confirmWideImpact: z.boolean().optional() })
  .superRefine(checkDependentFields);

export type CreateClusterInput = z.infer<typeof createClusterSchema>;
export type UpdateClusterInput = z.infer<typeof updateClusterSchema>;

export const interfaceUrlFields = [
  'xsiActionsUrl',
  'xsiEventsUrl',
  'authServiceUrl',
  'ctiUrl',
  'ctiPort',
  'dasUrl',
] as const;
