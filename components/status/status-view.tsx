'use client';

import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';
import { PageHeader } from '@/components/empty-state';

import { useComponentDetail } from './component-detail';
import { PostIncidentFlyout } from './post-incident-flyout';
import { useResolveIncident, useServiceStatus } from './status-queries';
import type { ComponentStatus, Incident, ServiceStatus } from './status-types';
import { WebhooksSection } from './webhooks-section';

export const healthTones: Record<ServiceStatus['status'], BadgeTone> = {
  operational: 'success',
  degraded: 'warning',
  outage: 'error',
};

const overallClasses: Record<ServiceStatus['status'], string> = {
  operational: 'border-green-200 bg-green-50 text-green-900',
  degraded: 'border-amber-200 bg-amber-50 text-amber-950',
  outage: 'border-red-200 bg-red-50 text-red-900',
};

/** The status page: overall status, components, incidents, and the webhooks of the partner. */
export function StatusView({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations('serviceStatus');
  const router = useRouter();
  const status = useServiceStatus();
  const [posting, setPosting] = useState(false);
  const [resolving, setResolving] = useState<Incident | null>(null);
  const [announcement, setAnnouncement] = useState('');

  return (
    <>
      <PageHeader title={t('title')}>
        {canWrite ? <Button onClick={() => setPosting(true)}>{t('post')}</Button> : null}
      </PageHeader>
      <p className="mb-6 max-w-3xl text-sm text-muted">{t('intro')}</p>

      <p role="status" className="sr-only">
        {announcement}
      </p>

      {status.isPending ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : status.isError ? (
        <ErrorNotice
          error={status.error}
          actions={
            <Button variant="secondary" onClick={() => void status.refetch()}>
              {t('retry')}
            </Button>
          }
        />
      ) : (
        <div className="space-y-8">
          <p
            data-testid="overall-status"
            data-status={status.data.status}
            className={`rounded-lg border px-5 py-4 text-base font-semibold ${overallClasses[status.data.status]}`}
          >
            {t(`overall.${status.data.status}`)}
          </p>
          <ComponentTable components={status.data.components} />
          <Incidents
            incidents={status.data.incidents}
            onResolve={canWrite ? setResolving : undefined}
          />
        </div>
      )}

      <WebhooksSection canWrite={canWrite} />

      {posting ? (
        <PostIncidentFlyout
          onClose={() => setPosting(false)}
          onPosted={(incident) => {
            setPosting(false);
            setAnnouncement(t('posted', { title: incident.title }));
            // The notice in the page frame comes from the server.
            router.refresh();
          }}
        />
      ) : null}

      {resolving ? (
        <ResolveDialog
          incident={resolving}
          onDone={(incident) => {
            setResolving(null);
            if (!incident) return;
            setAnnouncement(t('resolved', { title: incident.title }));
            router.refresh();
          }}
        />
      ) : null}
    </>
  );
}

function ComponentTable({ components }: { components: ComponentStatus[] }) {
  const t = useTranslations('serviceStatus');
  const format = useFormatter();
  const detailOf = useComponentDetail();

  return (
    <section aria-labelledby="status-components" className="rounded-lg border border-line bg-white">
      <h2 id="status-components" className="border-b border-line px-4 py-3 text-base font-semibold">
        {t('componentsTitle')}
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="status-components">
          <caption className="sr-only">{t('componentsCaption')}</caption>
          <thead className="border-b border-line text-xs text-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.component')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.status')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.detail')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.since')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {components.map((component) => (
              <tr key={component.name} data-testid="status-component" data-name={component.name}>
                <th scope="row" className="px-4 py-3 font-medium whitespace-nowrap">
                  {t(`components.${component.name}`)}
                </th>
                <td className="px-4 py-3">
                  <StatusBadge tone={healthTones[component.status]}>
                    {t(`health.${component.status}`)}
                  </StatusBadge>
                </td>
                <td className="px-4 py-3 text-muted">{detailOf(component)}</td>
                <td className="px-4 py-3 whitespace-nowrap">
                  {format.dateTime(new Date(component.changedAt), {
                    dateStyle: 'medium',
                    timeStyle: 'short',
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Incidents({
  incidents,
  onResolve,
}: {
  incidents: Incident[];
  onResolve?: (incident: Incident) => void;
}) {
  const t = useTranslations('serviceStatus');
  const open = incidents.filter((incident) => incident.status === 'open');
  const resolved = incidents.filter((incident) => incident.status === 'resolved');

  return (
    <>
      <section aria-labelledby="status-open-incidents" className="space-y-3">
        <h2 id="status-open-incidents" className="text-base font-semibold">
          {t('openTitle')}
        </h2>
        {open.length === 0 ? (
          <p className="text-sm text-muted">{t('noOpen')}</p>
        ) : (
          <ul className="space-y-3">
            {open.map((incident) => (
              <IncidentItem key={incident.id} incident={incident} onResolve={onResolve} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="status-resolved-incidents" className="space-y-3">
        <h2 id="status-resolved-incidents" className="text-base font-semibold">
          {t('resolvedTitle')}
        </h2>
        {resolved.length === 0 ? (
          <p className="text-sm text-muted">{t('noResolved')}</p>
        ) : (
          <ul className="space-y-3">
            {resolved.map((incident) => (
              <IncidentItem key={incident.id} incident={incident} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function IncidentItem({
  incident,
  onResolve,
}: {
  incident: Incident;
  onResolve?: (incident: Incident) => void;
}) {
  const t = useTranslations('serviceStatus');
  const format = useFormatter();
  const time = (value: string) =>
    format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <li
      data-testid="incident"
      data-status={incident.status}
      className="rounded-lg border border-line bg-white px-5 py-4"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-semibold">{incident.title}</h3>
          <p className="mt-0.5 text-xs text-muted">
            {t('postedAt', { time: time(incident.createdAt) })}
            {incident.resolvedAt
              ? ` · ${t('resolvedAt', { time: time(incident.resolvedAt) })}`
              : ''}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <StatusBadge tone={incident.status === 'open' ? healthTones[incident.impact] : 'neutral'}>
            {t(`impact.${incident.impact}`)}
          </StatusBadge>
          {onResolve && incident.status === 'open' ? (
            <Button
              variant="secondary"
              className="px-2.5 py-1 text-xs"
              aria-label={t('resolveNamed', { title: incident.title })}
              onClick={() => onResolve(incident)}
            >
              {t('resolve')}
            </Button>
          ) : null}
        </div>
      </div>
      <p className="mt-2 text-sm whitespace-pre-line">{incident.message}</p>
    </li>
  );
}

function ResolveDialog({
  incident,
  onDone,
}: {
  incident: Incident;
  onDone: (resolved: Incident | null) => void;
}) {
  const t = useTranslations('serviceStatus');
  const resolve = useResolveIncident();

  return (
    <ConfirmDialog
      title={t('resolveTitle', { title: incident.title })}
      confirmLabel={t('resolve')}
      tone="primary"
      busy={resolve.isPending}
      onCancel={() => onDone(null)}
      onConfirm={() => resolve.mutate(incident.id, { onSuccess: (resolved) => onDone(resolved) })}
    >
      <p>{t('resolveBody')}</p>
      {resolve.isError ? <ErrorNotice error={resolve.error} /> : null}
    </ConfirmDialog>
  );
}
