'use client';

import { useFormatter, useTranslations } from 'next-intl';

import type { ClusterInterface } from '@/lib/clusters/connectivity';
import { StatusBadge } from '@/components/ui/status-badge';

import type { Cluster } from './cluster-types';

/** The overall result of the last connectivity check, as shown in the list and the flyout. */
export function ConnectivityBadge({ status }: { status: Cluster['connectivityStatus'] }) {
  const t = useTranslations('clusters.connectivity');

  if (status === 'success') {
    return (
      <StatusBadge tone="success" testId="connectivity-badge">
        {t('success')}
      </StatusBadge>
    );
  }
  if (status === 'error') {
    return (
      <StatusBadge tone="error" testId="connectivity-badge">
        {t('error')}
      </StatusBadge>
    );
  }
  return (
    <StatusBadge tone="neutral" testId="connectivity-badge">
      {t('notChecked')}
    </StatusBadge>
  );
}

/** The interfaces a cluster has: the optional DAS and CTI ones only when configured. */
function interfacesOf(cluster: Cluster): { name: ClusterInterface; url: string }[] {
  const list: { name: ClusterInterface; url: string | null }[] = [
    { name: 'xsiActions', url: cluster.xsiActionsUrl },
    { name: 'xsiEvents', url: cluster.xsiEventsUrl },
    { name: 'authService', url: cluster.authServiceUrl },
    { name: 'das', url: cluster.dasUrl },
    {
      name: 'cti',
      url:
        cluster.ctiUrl && cluster.ctiPort
          ? `${cluster.ctiUrl} (${cluster.ctiPort})`
          : cluster.ctiUrl,
    },
  ];

  return list.filter((item): item is { name: ClusterInterface; url: string } => Boolean(item.url));
}

/** Per interface: the result of the last check with its reason and time. */
export function ConnectivityResults({ cluster }: { cluster: Cluster }) {
  const t = useTranslations('clusters.connectivity');
  const format = useFormatter();

  return (
    <ul className="divide-y divide-line rounded-md border border-line" data-testid="connectivity">
      {interfacesOf(cluster).map(({ name, url }) => {
        const result = cluster.connectivityResults?.[name];
        return (
          <li key={name} className="px-3 py-2.5 text-sm" data-testid={`interface-${name}`}>
            <div className="flex items-center justify-between gap-3">
              <span className="font-medium">{t(`interfaces.${name}`)}</span>
              {result ? (
                <StatusBadge tone={result.status === 'success' ? 'success' : 'error'}>
                  {t(result.status)}
                </StatusBadge>
              ) : (
                <StatusBadge tone="neutral">{t('notChecked')}</StatusBadge>
              )}
            </div>
            <p className="mt-0.5 truncate text-xs text-muted" title={url}>
              {url}
            </p>
            {result ? (
              <p className="mt-1 text-xs">
                <span>{result.reason}</span>{' '}
                <span className="text-muted">
                  ·{' '}
                  {t('checkedAt', {
                    time: format.dateTime(new Date(result.checkedAt), {
                      dateStyle: 'medium',
                      timeStyle: 'medium',
                    }),
                  })}
                </span>
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
