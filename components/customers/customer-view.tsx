'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Button } from '@/components/ui/button';
import { CopyableValue } from '@/components/ui/copy-button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { clusterHref, templateHref } from '@/components/ui/settings-links';

import { CustomerActivitySection } from './customer-activity';
import { CustomerStatusBadge } from './customer-badges';
import { useCustomer } from './customer-queries';
import { CustomerSubscribers } from './customer-subscribers';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className="mt-1 text-sm">{children}</dd>
    </div>
  );
}

/** One customer: who it is, its subscribers and what happened to it lately. */
export function CustomerView({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const t = useTranslations('customers');
  const format = useFormatter();
  const customer = useCustomer(customerId);
  const when = (value: string) =>
    format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'short' });

  const crumbs = [
    <Link key="list" href="/customers" className="hover:underline">
      {t('title')}
    </Link>,
    customer.data?.name ?? '…',
  ];

  if (customer.isPending) {
    return (
      <>
        <Breadcrumbs label={t('breadcrumbs')} items={crumbs} />
        <p role="status" className="text-sm text-muted">
          {t('detail.loading')}
        </p>
      </>
    );
  }
  if (customer.isError) {
    return (
      <>
        <Breadcrumbs label={t('breadcrumbs')} items={crumbs} />
        <ErrorNotice
          error={customer.error}
          actions={
            <Button variant="secondary" onClick={() => void customer.refetch()}>
              {t('retryLoad')}
            </Button>
          }
        />
      </>
    );
  }

  const details = customer.data;

  return (
    <>
      <Breadcrumbs label={t('breadcrumbs')} items={crumbs} />
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{details.name}</h1>
        <CustomerStatusBadge status={details.status} />
      </div>

      {details.status === 'error' ? (
        <div
          role="note"
          className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
        >
          <p className="font-medium">{t('detail.errorTitle')}</p>
          <p>
            {details.errorReason ?? t('detail.noReason')}
            {details.errorCode ? (
              <code className="ml-2 font-mono text-xs">{details.errorCode}</code>
            ) : null}
          </p>
        </div>
      ) : null}

      <section
        aria-label={t('detail.summary')}
        className="mb-6 rounded-lg border border-line bg-white px-6 py-5"
      >
        <dl className="grid gap-5 md:grid-cols-2">
          <CopyableValue
            label={t('detail.orgId')}
            value={details.orgId}
            copyLabel={t('detail.copyOrgId')}
            testId="customer-org-id"
          />
          <CopyableValue
            label={t('detail.partnerOrgId')}
            value={details.partnerOrgId}
            copyLabel={t('detail.copyPartnerOrgId')}
            testId="partner-org-id"
          />
        </dl>
        <dl className="mt-5 grid gap-5 sm:grid-cols-2 lg:grid-cols-4">
          <Fact label={t('detail.spEnterpriseId')}>
            <code className="font-mono">{details.spEnterpriseId}</code>
          </Fact>
          <Fact label={t('columns.template')}>
            <Link
              href={templateHref(details.template.id)}
              className="text-brand-700 hover:underline"
            >
              {details.template.name}
            </Link>
          </Fact>
          <Fact label={t('columns.cluster')}>
            <Link href={clusterHref(details.cluster.id)} className="text-brand-700 hover:underline">
              {details.cluster.name}
            </Link>
          </Fact>
          <Fact label={t('columns.subscribers')}>
            <span data-testid="customer-subscriber-total">
              {t('subscriberTotal', { count: details.subscriberTotal })}
            </span>
          </Fact>
          <Fact label={t('detail.created')}>{when(details.created)}</Fact>
          <Fact label={t('detail.updated')}>{when(details.updated)}</Fact>
        </dl>
      </section>

      <CustomerSubscribers customer={details} canWrite={canWrite} />
      <CustomerActivitySection customerId={customerId} />
    </>
  );
}
