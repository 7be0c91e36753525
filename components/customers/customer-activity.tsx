'use client';

import { useFormatter, useTranslations } from 'next-intl';

import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { StatusBadge } from '@/components/ui/status-badge';

import { SubscriberStatusBadge } from './customer-badges';
import { useCustomerActivity } from './customer-queries';

const jobTones = { queued: 'neutral', running: 'warning', failed: 'error' } as const;

/** Recent requests, open or failed background work and status changes of one customer. */
export function CustomerActivitySection({ customerId }: { customerId: string }) {
  const t = useTranslations('customers.activity');
  const tUi = useTranslations('ui');
  const format = useFormatter();
  const activity = useCustomerActivity(customerId);
  const when = (value: string) =>
    format.dateTime(new Date(value), { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <section aria-labelledby="activity-heading" className="rounded-lg border border-line bg-white">
      <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-3">
        <h2 id="activity-heading" className="text-lg font-semibold">
          {t('title')}
        </h2>
        <Button
          variant="secondary"
          className="px-2.5 py-1 text-xs"
          busy={activity.isFetching}
          onClick={() => void activity.refetch()}
        >
          {t('refresh')}
        </Button>
      </div>

      {activity.isPending ? (
        <p role="status" className="px-4 py-6 text-sm text-muted">
          {t('loading')}
        </p>
      ) : activity.isError ? (
        <div className="p-4">
          <ErrorNotice error={activity.error} />
        </div>
      ) : (
        <div className="grid gap-6 px-4 py-4 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <h3 className="mb-2 text-sm font-semibold">{t('auditTitle')}</h3>
            {activity.data.audit.length === 0 ? (
              <p className="text-sm text-muted">{t('noAudit')}</p>
            ) : (
              <ol className="divide-y divide-line text-sm" data-testid="audit-entries">
                {activity.data.audit.map((entry) => (
                  <li key={entry.id} className="py-2" data-testid="audit-entry">
                    <p className="flex flex-wrap items-baseline gap-x-2">
                      <span className="font-medium">
                        {t.has(`actions.${entry.action}`)
                          ? t(`actions.${entry.action}`)
                          : entry.action}
                      </span>
                      {entry.userId ? (
                        <span className="font-mono text-xs break-all">{entry.userId}</span>
                      ) : null}
                      {entry.outcome !== 'success' ? (
                        <StatusBadge tone="error">{entry.outcome}</StatusBadge>
                      ) : null}
                    </p>
                    <p className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
                      <span>{when(entry.created)}</span>
                      <span>{t('by', { actor: entry.actor })}</span>
                      <span>
                        {tUi('trackingId')}: <code className="font-mono">{entry.trackingId}</code>
                      </span>
                      <CopyButton value={entry.trackingId} label={tUi('copyTrackingId')} />
                    </p>
                  </li>
                ))}
              </ol>
            )}
          </div>

          <div className="space-y-6">
            <div>
              <h3 className="mb-2 text-sm font-semibold">{t('jobsTitle')}</h3>
              {activity.data.jobs.length === 0 ? (
                <p className="text-sm text-muted">{t('noJobs')}</p>
              ) : (
                <ul className="divide-y divide-line text-sm" data-testid="open-jobs">
                  {activity.data.jobs.map((job) => (
                    <li key={job.id} className="py-2">
                      <p className="flex flex-wrap items-center gap-2">
                        <StatusBadge
                          tone={jobTones[job.status as keyof typeof jobTones] ?? 'neutral'}
                        >
                          {t.has(`jobStatus.${job.status}`)
                            ? t(`jobStatus.${job.status}`)
                            : job.status}
                        </StatusBadge>
                        <span>
                          {t.has(`jobKinds.${job.kind}`) ? t(`jobKinds.${job.kind}`) : job.kind}
                        </span>
                      </p>
                      <p className="mt-0.5 text-xs text-muted">
                        {job.userId ? <span className="mr-2 font-mono">{job.userId}</span> : null}
                        {t('attempts', { attempts: job.attempts, max: job.maxAttempts })}
                        {' · '}
                        {when(job.created)}
                      </p>
                      {job.errorCode ? (
                        <p className="mt-0.5 text-xs text-red-800">
                          <code className="font-mono">{job.errorCode}</code> {job.error ?? ''}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </div>

            <div>
              <h3 className="mb-2 text-sm font-semibold">{t('statusTitle')}</h3>
              {activity.data.statusChanges.length === 0 ? (
                <p className="text-sm text-muted">{t('noStatus')}</p>
              ) : (
                <ul className="divide-y divide-line text-sm">
                  {activity.data.statusChanges.map((change) => (
                    <li
                      key={change.subscriberId}
                      className="flex flex-wrap items-center gap-2 py-2"
                    >
                      <SubscriberStatusBadge status={change.status} />
                      <span className="font-mono text-xs break-all">{change.userId}</span>
                      <span className="text-xs text-muted">{when(change.at)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
