'use client';

import { useTranslations } from 'next-intl';

import { ReviewList } from '@/components/ui/stepper';

import type { ClusterFormValues } from './cluster-form-model';
import { ReleaseWarning } from './cluster-fields';

/** The last add step: everything the admin entered, the password only as set or not. */
export function ClusterReview({ values }: { values: ClusterFormValues }) {
  const t = useTranslations('clusters');
  const tUi = useTranslations('ui');
  const onOff = (value: boolean | undefined) => (value ? tUi('on') : tUi('off'));
  const orNone = (value: string | number | null | undefined) =>
    value === '' || value === null || value === undefined ? tUi('none') : String(value);
  const withUser = (on: boolean | undefined, userId: string | undefined) =>
    on ? `${tUi('on')} · ${userId}` : tUi('off');

  return (
    <>
      <ReviewList
        rows={[
          { label: t('fields.name'), value: values.name },
          { label: t('fields.validationUserId'), value: orNone(values.validationUserId) },
          {
            label: t('fields.validationPassword'),
            value: values.validationPassword ? t('passwordWillBeStored') : tUi('none'),
          },
          { label: t('fields.xsiActionsUrl'), value: values.xsiActionsUrl },
          { label: t('fields.xsiEventsUrl'), value: values.xsiEventsUrl },
          { label: t('fields.dasUrl'), value: orNone(values.dasUrl) },
          { label: t('fields.ctiUrl'), value: orNone(values.ctiUrl) },
          { label: t('fields.ctiPort'), value: orNone(values.ctiPort) },
          {
            label: t('fields.callHistorySync'),
            value: withUser(values.callHistorySync, values.callHistorySyncUserId),
          },
          { label: t('fields.dndSync'), value: withUser(values.dndSync, values.dndSyncUserId) },
          {
            label: t('fields.assistantStatusSync'),
            value: withUser(values.assistantStatusSync, values.assistantStatusSyncUserId),
          },
          { label: t('fields.directBroadWorksAuth'), value: onOff(values.directBroadWorksAuth) },
          { label: t('fields.authServiceUrl'), value: values.authServiceUrl },
          { label: t('fields.authUseCloudToken'), value: onOff(values.authUseCloudToken) },
          { label: t('fields.release'), value: values.release },
        ]}
      />
      <ReleaseWarning release={values.release} />
    </>
  );
}
