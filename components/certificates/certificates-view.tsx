'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';

import type { ClientIdentityView } from '@/lib/certificates/client-identity';
import { renewalWindowDays, type CertificateWarning } from '@/lib/certificates/warnings';
import type { XspCertificateView, XspClusterCertificates } from '@/lib/certificates/xsp-inventory';
import { EmptyState, PageHeader } from '@/components/empty-state';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Button, buttonClasses } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';

import {
  useClientIdentities,
  useRecheckCertificates,
  useRenewIdentity,
  useRetireIdentity,
  useXspCertificates,
} from './certificate-queries';

const warningTones: Record<CertificateWarning, BadgeTone> = {
  unreachable: 'error',
  expired: 'error',
  notYetValid: 'error',
  expiresSoon: 'warning',
  selfSigned: 'warning',
  untrusted: 'warning',
  wrongHost: 'warning',
};

const cell = 'px-4 py-3 align-top';
const headCell = 'px-4 py-2 font-semibold';

/** Settings › Certificates: the hub's trust chain for the CTI interface, and the XSPs' own. */
export function CertificatesView({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations('certificates');
  const tNav = useTranslations('nav');
  const [announcement, setAnnouncement] = useState('');

  return (
    <>
      <Breadcrumbs label={t('breadcrumbs')} items={[tNav('settings'), t('title')]} />
      <PageHeader title={t('title')} />
      <p className="mb-6 max-w-3xl text-sm text-muted">{t('intro')}</p>

      <p role="status" className="sr-only">
        {announcement}
      </p>

      <TrustChain canWrite={canWrite} announce={setAnnouncement} />
      <XspCertificates canWrite={canWrite} announce={setAnnouncement} />
    </>
  );
}

function TrustChain({
  canWrite,
  announce,
}: {
  canWrite: boolean;
  announce: (message: string) => void;
}) {
  const t = useTranslations('certificates');
  const identities = useClientIdentities();
  const renew = useRenewIdentity();
  const [retiring, setRetiring] = useState<ClientIdentityView | null>(null);
  const changeOver = (identities.data?.length ?? 0) > 1;

  return (
    <section aria-labelledby="trust-chain-title" className="mb-10">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
        <h2 id="trust-chain-title" className="text-lg font-semibold">
          {t('trust.title')}
        </h2>
        <div className="flex flex-wrap gap-2">
          {changeOver ? (
            <a
              href="/api/certificates/ca-bundle"
              download
              className={buttonClasses('secondary')}
              data-testid="download-bundle"
            >
              {t('trust.downloadBundle')}
            </a>
          ) : null}
          {canWrite && !changeOver ? (
            <Button
              busy={renew.isPending}
              onClick={() =>
                renew.mutate(undefined, { onSuccess: () => announce(t('trust.renewed')) })
              }
            >
              {t('trust.renew')}
            </Button>
          ) : null}
        </div>
      </div>
      <p className="mb-4 max-w-3xl text-sm">{t('trust.intro')}</p>

      {changeOver ? (
        <p
          role="note"
          className="mb-4 max-w-3xl rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          {t('trust.changeOver')}
        </p>
      ) : null}
      {renew.isError ? <ErrorNotice error={renew.error} /> : null}

      {identities.isPending ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : identities.isError ? (
        <ErrorNotice
          error={identities.error}
          actions={
            <Button variant="secondary" onClick={() => void identities.refetch()}>
              {t('retry')}
            </Button>
          }
        />
      ) : (
        <IdentityTable identities={identities.data} onRetire={canWrite ? setRetiring : undefined} />
      )}

      {retiring ? (
        <RetireDialog
          identity={retiring}
          onDone={(retired) => {
            setRetiring(null);
            if (retired) announce(t('trust.retired'));
          }}
        />
      ) : null}
    </section>
  );
}

function IdentityTable({
  identities,
  onRetire,
}: {
  identities: ClientIdentityView[];
  onRetire?: (identity: ClientIdentityView) => void;
}) {
  const t = useTranslations('certificates');
  const format = useFormatter();
  const date = (value: string) => format.dateTime(new Date(value), { dateStyle: 'medium' });

  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-white">
      <table className="w-full text-left text-sm" data-testid="identity-table">
        <caption className="sr-only">{t('trust.tableCaption')}</caption>
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className={headCell}>
              {t('trust.columns.chain')}
            </th>
            <th scope="col" className={headCell}>
              {t('trust.columns.subject')}
            </th>
            <th scope="col" className={headCell}>
              {t('trust.columns.created')}
            </th>
            <th scope="col" className={headCell}>
              {t('trust.columns.caExpires')}
            </th>
            <th scope="col" className={headCell}>
              {t('trust.columns.clientExpires')}
            </th>
            <th scope="col" className={headCell}>
              <span className="sr-only">{t('trust.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {identities.map((identity) => (
            <tr key={identity.id} data-testid="identity-row" data-role={identity.role}>
              <th scope="row" className={`${cell} font-medium`}>
                <div className="flex flex-col items-start gap-1">
                  <StatusBadge tone={identity.role === 'current' ? 'success' : 'neutral'}>
                    {t(`trust.role.${identity.role}`)}
                  </StatusBadge>
                  {identity.renewalDue ? (
                    <StatusBadge tone="warning" testId="renewal-due">
                      {t('trust.renewalDue', { days: renewalWindowDays })}
                    </StatusBadge>
                  ) : null}
                </div>
              </th>
              <td className={cell}>
                <p>{identity.caSubject}</p>
                <p className="mt-1 break-all font-mono text-xs text-muted">
                  <span className="sr-only">{t('trust.columns.fingerprint')}: </span>
                  {identity.caFingerprintSha256}
                </p>
              </td>
              <td className={`${cell} whitespace-nowrap`}>{date(identity.createdAt)}</td>
              <td className={`${cell} whitespace-nowrap`} data-testid="ca-expires">
                {date(identity.caExpiresAt)}
              </td>
              <td className={`${cell} whitespace-nowrap`}>{date(identity.clientExpiresAt)}</td>
              <td className={`${cell} text-right`}>
                <div className="flex justify-end gap-2">
                  <a
                    href={`/api/certificates/identities/${identity.id}/ca`}
                    download
                    aria-label={t('trust.downloadNamed', {
                      role: t(`trust.role.${identity.role}`).toLowerCase(),
                    })}
                    className={buttonClasses('secondary', 'whitespace-nowrap px-2.5 py-1 text-xs')}
                  >
                    {t('trust.download')}
                  </a>
                  {onRetire && identity.role === 'previous' ? (
                    <Button
                      variant="dangerOutline"
                      className="px-2.5 py-1 text-xs"
                      aria-label={t('trust.retireNamed')}
                      onClick={() => onRetire(identity)}
                    >
                      {t('trust.retire')}
                    </Button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RetireDialog({
  identity,
  onDone,
}: {
  identity: ClientIdentityView;
  onDone: (retired: boolean) => void;
}) {
  const t = useTranslations('certificates');
  const retire = useRetireIdentity();

  return (
    <ConfirmDialog
      title={t('trust.retireTitle')}
      confirmLabel={t('trust.retire')}
      busy={retire.isPending}
      onCancel={() => onDone(false)}
      onConfirm={() => retire.mutate(identity.id, { onSuccess: () => onDone(true) })}
    >
      <p>{t('trust.retireBody')}</p>
      {retire.isError ? <ErrorNotice error={retire.error} /> : null}
    </ConfirmDialog>
  );
}

function XspCertificates({
  canWrite,
  announce,
}: {
  canWrite: boolean;
  announce: (message: string) => void;
}) {
  const t = useTranslations('certificates');
  const list = useXspCertificates();
  const recheck = useRecheckCertificates();
  const clusters = list.data?.clusters ?? [];
  // Which recheck runs: a cluster id, or null for all of them.
  const running = recheck.isPending ? recheck.variables : undefined;

  const recheckCluster = (cluster: XspClusterCertificates | null) =>
    recheck.mutate(cluster?.clusterId ?? null, {
      onSuccess: () =>
        announce(
          cluster ? t('xsp.rechecked', { name: cluster.clusterName }) : t('xsp.recheckedAll'),
        ),
    });

  return (
    <section aria-labelledby="xsp-certificates-title">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
        <h2 id="xsp-certificates-title" className="text-lg font-semibold">
          {t('xsp.title')}
        </h2>
        {canWrite && clusters.length > 0 ? (
          <Button
            variant="secondary"
            busy={running === null}
            disabled={recheck.isPending}
            onClick={() => recheckCluster(null)}
          >
            {t('xsp.recheckAll')}
          </Button>
        ) : null}
      </div>
      <p className="mb-4 max-w-3xl text-sm">{t('xsp.intro')}</p>
      {recheck.isError ? <ErrorNotice error={recheck.error} /> : null}

      {list.isPending ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : list.isError ? (
        <ErrorNotice
          error={list.error}
          actions={
            <Button variant="secondary" onClick={() => void list.refetch()}>
              {t('retry')}
            </Button>
          }
        />
      ) : clusters.length === 0 ? (
        <EmptyState title={t('xsp.noClusters')} body={t('xsp.noClustersBody')} />
      ) : (
        <div className="space-y-6">
          {clusters.map((cluster) => (
            <ClusterCertificates
              key={cluster.clusterId}
              cluster={cluster}
              busy={running === cluster.clusterId}
              onRecheck={
                canWrite
                  ? { disabled: recheck.isPending, run: () => recheckCluster(cluster) }
                  : undefined
              }
            />
          ))}
        </div>
      )}
    </section>
  );
}

function ClusterCertificates({
  cluster,
  busy,
  onRecheck,
}: {
  cluster: XspClusterCertificates;
  busy: boolean;
  onRecheck?: { disabled: boolean; run: () => void };
}) {
  const t = useTranslations('certificates');
  const headingId = `cluster-certificates-${cluster.clusterId}`;

  return (
    <section
      aria-labelledby={headingId}
      className="rounded-lg border border-line bg-white"
      data-testid="cluster-certificates"
      data-cluster-id={cluster.clusterId}
    >
      <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-3">
        <h3 id={headingId} className="font-semibold">
          {cluster.clusterName}
        </h3>
        {onRecheck ? (
          <Button
            variant="secondary"
            className="px-2.5 py-1 text-xs"
            aria-label={t('xsp.recheckNamed', { name: cluster.clusterName })}
            busy={busy}
            disabled={onRecheck.disabled}
            onClick={onRecheck.run}
          >
            {t('xsp.recheck')}
          </Button>
        ) : null}
      </div>
      {cluster.certificates.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted">{t('xsp.notChecked')}</p>
      ) : (
        <CertificateTable cluster={cluster} />
      )}
    </section>
  );
}

function CertificateTable({ cluster }: { cluster: XspClusterCertificates }) {
  const t = useTranslations('certificates');
  const format = useFormatter();
  const date = (value: string) => format.dateTime(new Date(value), { dateStyle: 'medium' });
  const dateTime = (value: string) =>
    format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">
          {t('xsp.tableCaption', { name: cluster.clusterName })}
        </caption>
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className={headCell}>
              {t('xsp.columns.interface')}
            </th>
            <th scope="col" className={headCell}>
              {t('xsp.columns.issuer')}
            </th>
            <th scope="col" className={headCell}>
              {t('xsp.columns.subject')}
            </th>
            <th scope="col" className={headCell}>
              {t('xsp.columns.expires')}
            </th>
            <th scope="col" className={headCell}>
              {t('xsp.columns.status')}
            </th>
            <th scope="col" className={headCell}>
              {t('xsp.columns.checked')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {cluster.certificates.map((certificate) => (
            <tr
              key={certificate.interfaceName}
              data-testid="certificate-row"
              data-interface={certificate.interfaceName}
              data-warnings={certificate.warnings.join(' ')}
            >
              <th scope="row" className={`${cell} font-medium`}>
                <p>{t(`xsp.interfaces.${certificate.interfaceName}`)}</p>
                <p className="mt-1 break-all font-mono text-xs font-normal text-muted">
                  {certificate.url}
                </p>
              </th>
              <td className={cell}>{certificate.issuer ?? '–'}</td>
              <td className={cell}>
                {certificate.subject ? <p>{certificate.subject}</p> : '–'}
                {certificate.subjectAltNames.length > 0 ? (
                  <p className="mt-1 text-xs text-muted">
                    {certificate.subjectAltNames.join(', ')}
                  </p>
                ) : null}
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                <Expiry certificate={certificate} date={date} />
              </td>
              <td className={cell}>
                <Warnings certificate={certificate} />
              </td>
              <td className={`${cell} whitespace-nowrap`}>{dateTime(certificate.checkedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Expiry({
  certificate,
  date,
}: {
  certificate: XspCertificateView;
  date: (value: string) => string;
}) {
  const t = useTranslations('certificates');
  if (!certificate.validTo || certificate.daysToExpiry === null) return <>–</>;

  const days = certificate.daysToExpiry;
  return (
    <>
      <p>{date(certificate.validTo)}</p>
      <p className="text-xs text-muted">
        {days < 0 ? t('xsp.expiredAgo', { days: -days }) : t('xsp.daysLeft', { days })}
      </p>
    </>
  );
}

function Warnings({ certificate }: { certificate: XspCertificateView }) {
  const t = useTranslations('certificates');

  if (certificate.warnings.length === 0) {
    return <StatusBadge tone="success">{t('xsp.valid')}</StatusBadge>;
  }

  return (
    <div className="space-y-1">
      <ul className="flex flex-wrap gap-1">
        {certificate.warnings.map((warning) => (
          <li key={warning}>
            <StatusBadge tone={warningTones[warning]} testId={`warning-${warning}`}>
              {t(`xsp.warnings.${warning}`)}
            </StatusBadge>
          </li>
        ))}
      </ul>
      {certificate.errorReason ? (
        <p className="text-xs text-red-800">{certificate.errorReason}</p>
      ) : null}
    </div>
  );
}
