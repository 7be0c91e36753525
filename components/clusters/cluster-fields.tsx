'use client';

import { useTranslations } from 'next-intl';
import { useFormContext, useWatch } from 'react-hook-form';

import { broadWorksReleases, releaseSupported } from '@/lib/clusters/releases';
import { CheckboxField, SelectField, TextField } from '@/components/ui/field';

import type { ClusterFormValues, ClusterGroup } from './cluster-form-model';

const syncOptions = [
  ['callHistorySync', 'callHistorySyncUserId'],
  ['dndSync', 'dndSyncUserId'],
  ['assistantStatusSync', 'assistantStatusSyncUserId'],
] as const;

const supportedReleases = broadWorksReleases.filter(releaseSupported);

/** Warns when a release is outside the current-plus-two-previous support window. */
export function ReleaseWarning({ release }: { release: (typeof broadWorksReleases)[number] }) {
  const t = useTranslations('clusters');
  if (releaseSupported(release)) return null;

  return (
    <p
      role="status"
      data-testid="release-warning"
      className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      {t('releaseUnsupported', {
        release,
        oldest: supportedReleases[0]!,
        newest: supportedReleases.at(-1)!,
      })}
    </p>
  );
}

/**
 * One part of the cluster form. The add steps and the edit form in the flyout show the same
 * parts, so a field looks and behaves the same in both.
 */
export function ClusterFieldGroup({
  group,
  passwordStored,
}: {
  group: ClusterGroup;
  /** In an edit: whether a validation password is stored, which a blank field keeps. */
  passwordStored?: boolean;
}) {
  const t = useTranslations('clusters');
  const tUi = useTranslations('ui');
  const { register, control, formState } = useFormContext<ClusterFormValues>();
  const { errors } = formState;
  const values = useWatch({ control });
  const optional = { optional: true, optionalLabel: tUi('optional') };

  if (group === 'account') {
    return (
      <>
        <TextField
          label={t('fields.name')}
          hint={t('hints.name')}
          autoComplete="off"
          error={errors.name?.message}
          {...register('name')}
        />
        <TextField
          label={t('fields.validationUserId')}
          hint={t('hints.validationUserId')}
          autoComplete="off"
          error={errors.validationUserId?.message}
          {...optional}
          {...register('validationUserId')}
        />
        <TextField
          type="password"
          label={t('fields.validationPassword')}
          hint={
            passwordStored === undefined
              ? t('hints.validationPassword')
              : passwordStored
                ? t('hints.validationPasswordKeep')
                : t('hints.validationPasswordNone')
          }
          autoComplete="new-password"
          error={errors.validationPassword?.message}
          {...optional}
          {...register('validationPassword')}
        />
      </>
    );
  }

  if (group === 'interfaces') {
    return (
      <>
        <TextField
          type="url"
          inputMode="url"
          label={t('fields.xsiActionsUrl')}
          hint={t('hints.xsiActionsUrl')}
          placeholder="https://xsp.example.net/com.broadsoft.xsi-actions"
          error={errors.xsiActionsUrl?.message}
          {...register('xsiActionsUrl')}
        />
        <TextField
          type="url"
          inputMode="url"
          label={t('fields.xsiEventsUrl')}
          placeholder="https://xsp.example.net/com.broadsoft.xsi-events"
          error={errors.xsiEventsUrl?.message}
          {...register('xsiEventsUrl')}
        />
        <TextField
          type="url"
          inputMode="url"
          label={t('fields.dasUrl')}
          hint={t('hints.dasUrl')}
          error={errors.dasUrl?.message}
          {...optional}
          {...register('dasUrl')}
        />
      </>
    );
  }

  if (group === 'cti') {
    return (
      <>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-4">
          <div className="sm:col-span-3">
            <TextField
              type="url"
              inputMode="url"
              label={t('fields.ctiUrl')}
              hint={t('hints.ctiUrl')}
              error={errors.ctiUrl?.message}
              {...optional}
              {...register('ctiUrl')}
            />
          </div>
          <TextField
            inputMode="numeric"
            label={t('fields.ctiPort')}
            error={errors.ctiPort?.message}
            {...optional}
            {...register('ctiPort', {
              setValueAs: (value: unknown) =>
                value === '' || value === null || value === undefined ? null : Number(value),
            })}
          />
        </div>
        {syncOptions.map(([toggle, userId]) => (
          <div key={toggle} className="space-y-3">
            <CheckboxField
              label={t(`fields.${toggle}`)}
              hint={t(`hints.${toggle}`)}
              {...register(toggle)}
            />
            {values[toggle] ? (
              <div className="ml-7">
                <TextField
                  label={t('fields.syncUserId')}
                  hint={t('hints.syncUserId')}
                  autoComplete="off"
                  error={errors[userId]?.message}
                  {...register(userId)}
                />
              </div>
            ) : null}
          </div>
        ))}
        <CheckboxField
          label={t('fields.directBroadWorksAuth')}
          hint={t('hints.directBroadWorksAuth')}
          {...register('directBroadWorksAuth')}
        />
      </>
    );
  }

  return (
    <>
      <TextField
        type="url"
        inputMode="url"
        label={t('fields.authServiceUrl')}
        hint={t('hints.authServiceUrl')}
        error={errors.authServiceUrl?.message}
        {...register('authServiceUrl')}
      />
      <CheckboxField
        label={t('fields.authUseCloudToken')}
        hint={t('hints.authUseCloudToken')}
        {...register('authUseCloudToken')}
      />
      <div>
        <SelectField
          label={t('fields.release')}
          hint={t('hints.release')}
          error={errors.release?.message}
          {...register('release')}
        >
          {[...broadWorksReleases].reverse().map((release) => (
            <option key={release} value={release}>
              {releaseSupported(release) ? release : t('releaseOptionUnsupported', { release })}
            </option>
          ))}
        </SelectField>
        {values.release ? <ReleaseWarning release={values.release} /> : null}
      </div>
    </>
  );
}
