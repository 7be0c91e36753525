'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';

import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorNotice } from '@/components/ui/error-notice';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';
import { EmptyState, PageHeader } from '@/components/empty-state';

import { CreateTokenFlyout } from './create-token-flyout';
import { useRevokeToken, useTokens } from './token-queries';
import { tokenStatus, type ApiToken, type TokenStatus } from './token-types';

const statusTones: Record<TokenStatus, BadgeTone> = {
  active: 'success',
  expired: 'warning',
  revoked: 'neutral',
};

/** Settings › API tokens: what tokens are for, the list, creating one and revoking one. */
export function TokensView({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations('apiTokens');
  const tNav = useTranslations('nav');
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const openCreate = () => setCreating(true);

  return (
    <>
      <Breadcrumbs label={t('breadcrumbs')} items={[tNav('settings'), t('title')]} />
      <PageHeader title={t('title')}>
        {canWrite ? <Button onClick={openCreate}>{t('add')}</Button> : null}
      </PageHeader>

      <TokenIntro />

      <p role="status" className="sr-only">
        {announcement}
      </p>

      {tokens.isPending ? (
        <p role="status" className="text-sm text-muted">
          {t('loading')}
        </p>
      ) : tokens.isError ? (
        <ErrorNotice
          error={tokens.error}
          actions={
            <Button variant="secondary" onClick={() => void tokens.refetch()}>
              {t('retry')}
            </Button>
          }
        />
      ) : tokens.data.length === 0 ? (
        <EmptyState
          title={t('emptyTitle')}
          body={t('emptyBody')}
          action={canWrite ? <Button onClick={openCreate}>{t('add')}</Button> : undefined}
        />
      ) : (
        <TokenTable
          tokens={tokens.data}
          // Status as of the moment the list was read, so that rendering stays pure.
          asOf={tokens.dataUpdatedAt}
          onRevoke={canWrite ? setRevoking : undefined}
        />
      )}

      {creating ? (
        <CreateTokenFlyout
          onClose={() => setCreating(false)}
          onCreated={(token) => setAnnouncement(t('created', { name: token.name }))}
        />
      ) : null}

      {revoking ? (
        <RevokeDialog
          token={revoking}
          onDone={(token) => {
            setRevoking(null);
            if (token) setAnnouncement(t('revoked', { name: token.name }));
          }}
        />
      ) : null}
    </>
  );
}

function TokenIntro() {
  const t = useTranslations('apiTokens');
  const code = (chunks: ReactNode) => <code className="font-mono text-[0.9em]">{chunks}</code>;

  return (
    <section
      aria-labelledby="api-tokens-intro"
      className="mb-6 max-w-3xl space-y-2 rounded-lg border border-line bg-white px-5 py-4 text-sm"
    >
      <h2 id="api-tokens-intro" className="text-base font-semibold">
        {t('introTitle')}
      </h2>
      <p>{t.rich('introPurpose', { code })}</p>
      <pre className="overflow-x-auto rounded bg-canvas px-3 py-2 font-mono text-xs">
        Authorization: Bearer phub_…
      </pre>
      <p>{t('introScopes')}</p>
      <p>{t('introSecrecy')}</p>
      <p>
        <Link href="/api-reference" className="text-brand-700 underline hover:no-underline">
          {t('introReference')}
        </Link>
      </p>
    </section>
  );
}

function TokenTable({
  tokens,
  asOf,
  onRevoke,
}: {
  tokens: ApiToken[];
  asOf: number;
  onRevoke?: (token: ApiToken) => void;
}) {
  const t = useTranslations('apiTokens');
  const format = useFormatter();
  const date = (value: string) => format.dateTime(new Date(value), { dateStyle: 'medium' });
  const dateTime = (value: string) =>
    format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section aria-label={t('listLabel')} className="rounded-lg border border-line bg-white">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="token-table">
          <caption className="sr-only">{t('tableCaption')}</caption>
          <thead className="border-b border-line text-xs text-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.name')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.scope')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.prefix')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.created')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.expires')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.lastUsed')}
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                {t('columns.status')}
              </th>
              {onRevoke ? (
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">{t('columns.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {tokens.map((token) => {
              const status = tokenStatus(token, asOf);

              return (
                <tr key={token.id} data-testid="token-row" data-status={status}>
                  <th scope="row" className="px-4 py-3 font-medium">
                    {token.name}
                  </th>
                  <td className="px-4 py-3">{t(`scopes.${token.scope}`)}</td>
                  <td className="px-4 py-3">
                    <code className="font-mono text-xs">{token.tokenPrefix}…</code>
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap">{date(token.createdAt)}</td>
                  <td className="px-4 py-3 whitespace-nowrap">{date(token.expiresAt)}</td>
                  <td className="px-4 py-3 whitespace-nowrap">
                    {token.lastUsedAt ? dateTime(token.lastUsedAt) : t('neverUsed')}
                  </td>
                  <td className="px-4 py-3">
                    <StatusBadge tone={statusTones[status]}>{t(`status.${status}`)}</StatusBadge>
                  </td>
                  {onRevoke ? (
                    <td className="px-4 py-3 text-right">
                      {status === 'active' ? (
                        <Button
                          variant="dangerOutline"
                          className="px-2.5 py-1 text-xs"
                          aria-label={t('revokeNamed', { name: token.name })}
                          onClick={() => onRevoke(token)}
                        >
                          {t('revoke')}
                        </Button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RevokeDialog({
  token,
  onDone,
}: {
  token: ApiToken;
  onDone: (revoked: ApiToken | null) => void;
}) {
  const t = useTranslations('apiTokens');
  const revoke = useRevokeToken();

  return (
    <ConfirmDialog
      title={t('revokeTitle', { name: token.name })}
      confirmLabel={t('revoke')}
      busy={revoke.isPending}
      onCancel={() => onDone(null)}
      onConfirm={() => revoke.mutate(token.id, { onSuccess: (revoked) => onDone(revoked) })}
    >
      <p>{t('revokeBody')}</p>
      {revoke.isError ? <ErrorNotice error={revoke.error} /> : null}
    </ConfirmDialog>
  );
}
