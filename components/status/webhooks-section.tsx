'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';

import { createWebhookSchema, type CreateWebhookInput } from '@/lib/status/schemas';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CopyableValue } from '@/components/ui/copy-button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { TextField } from '@/components/ui/field';
import { Flyout } from '@/components/ui/flyout';
import { applyFieldErrors } from '@/components/ui/form-errors';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';

import { useDeleteWebhook, useSubscribeWebhook, useWebhooks } from './status-queries';
import type { StatusWebhook } from './status-types';

const deliveryTones: Record<NonNullable<StatusWebhook['lastDelivery']>['outcome'], BadgeTone> = {
  delivered: 'success',
  retrying: 'warning',
  failed: 'error',
};

/** Webhooks that receive signed status events; only full admins add or delete them. */
export function WebhooksSection({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations('serviceStatus');
  const webhooks = useWebhooks();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<StatusWebhook | null>(null);
  const [announcement, setAnnouncement] = useState('');

  return (
    <section aria-labelledby="status-webhooks" className="mt-10 space-y-3">
      <div className="flex items-center justify-between gap-4">
        <h2 id="status-webhooks" className="text-base font-semibold">
          {t('webhooksTitle')}
        </h2>
        {canWrite ? (
          <Button variant="secondary" onClick={() => setAdding(true)}>
            {t('addWebhook')}
          </Button>
        ) : null}
      </div>
      <p className="max-w-3xl text-sm text-muted">{t('webhooksIntro')}</p>
      <p role="status" className="sr-only">
        {announcement}
      </p>

      {webhooks.isPending ? null : webhooks.isError ? (
        <ErrorNotice error={webhooks.error} />
      ) : webhooks.data.length === 0 ? (
        <p className="text-sm text-muted">{t('webhooksEmpty')}</p>
      ) : (
        <WebhookTable webhooks={webhooks.data} onDelete={canWrite ? setDeleting : undefined} />
      )}

      {adding ? (
        <AddWebhookFlyout
          onClose={() => setAdding(false)}
          onSubscribed={(webhook) => setAnnouncement(t('subscribed', { url: webhook.url }))}
        />
      ) : null}

      {deleting ? (
        <DeleteWebhookDialog
          webhook={deleting}
          onDone={(deleted) => {
            setDeleting(null);
            if (deleted) setAnnouncement(t('deletedWebhook', { url: deleted.url }));
          }}
        />
      ) : null}
    </section>
  );
}

function WebhookTable({
  webhooks,
  onDelete,
}: {
  webhooks: StatusWebhook[];
  onDelete?: (webhook: StatusWebhook) => void;
}) {
  const t = useTranslations('serviceStatus');
  const format = useFormatter();
  const time = (value: string) =>
    format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-white">
      <table className="w-full text-left text-sm" data-testid="webhook-table">
        <caption className="sr-only">{t('webhooksCaption')}</caption>
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-semibold">
              {t('columns.url')}
            </th>
            <th scope="col" className="px-4 py-2 font-semibold">
              {t('columns.lastDelivery')}
            </th>
            {onDelete ? (
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">{t('columns.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {webhooks.map((webhook) => {
            const delivery = webhook.lastDelivery;
            return (
              <tr key={webhook.id} data-testid="webhook-row">
                <th scope="row" className="px-4 py-3 font-mono text-xs font-normal break-all">
                  {webhook.url}
                </th>
                <td className="px-4 py-3">
                  {delivery ? (
                    <StatusBadge tone={deliveryTones[delivery.outcome]}>
                      {t(`delivery.${delivery.outcome}`, {
                        time: time(delivery.at),
                        result: delivery.result,
                      })}
                    </StatusBadge>
                  ) : (
                    <span className="text-muted">{t('delivery.never')}</span>
                  )}
                </td>
                {onDelete ? (
                  <td className="px-4 py-3 text-right">
                    <Button
                      variant="dangerOutline"
                      className="px-2.5 py-1 text-xs"
                      aria-label={t('deleteWebhookNamed', { url: webhook.url })}
                      onClick={() => onDelete(webhook)}
                    >
                      {t('deleteWebhook')}
                    </Button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Subscribes a webhook, then shows its signing secret this one time. The secret lives only in
 * this component's state and is gone when the flyout closes.
 */
function AddWebhookFlyout({
  onClose,
  onSubscribed,
}: {
  onClose: () => void;
  onSubscribed: (webhook: StatusWebhook) => void;
}) {
  const t = useTranslations('serviceStatus');
  const [failure, setFailure] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const subscribe = useSubscribeWebhook();
  const form = useForm<CreateWebhookInput>({
    resolver: zodResolver(createWebhookSchema),
    defaultValues: { url: '' },
  });

  async function submit(input: CreateWebhookInput) {
    setFailure(null);
    let received = '';
    try {
      const webhook = await subscribe.mutateAsync({
        input,
        receiveSecret: (value) => (received = value),
      });
      setSecret(received);
      onSubscribed(webhook);
    } catch (error) {
      if (applyFieldErrors(error, form.setError, ['url']).length === 0) setFailure(error);
    }
  }

  if (secret) {
    return (
      <Flyout
        title={t('addWebhookTitle')}
        onClose={onClose}
        testId="webhook-created"
        footer={<Button onClick={onClose}>{t('done')}</Button>}
      >
        <OneTimeSecret secret={secret} />
      </Flyout>
    );
  }

  return (
    <Flyout title={t('addWebhookTitle')} onClose={onClose} testId="add-webhook">
      <form onSubmit={form.handleSubmit(submit)} noValidate className="space-y-5">
        <TextField
          label={t('fields.url')}
          hint={t('hints.url')}
          error={form.formState.errors.url?.message}
          type="url"
          autoComplete="off"
          maxLength={2048}
          {...form.register('url')}
        />
        {failure ? <ErrorNotice error={failure} /> : null}
        <div className="flex justify-end gap-3 border-t border-line pt-4">
          <Button variant="ghost" onClick={onClose} disabled={subscribe.isPending}>
            {t('cancel')}
          </Button>
          <Button type="submit" busy={subscribe.isPending}>
            {t('subscribe')}
          </Button>
        </div>
      </form>
    </Flyout>
  );
}

function OneTimeSecret({ secret }: { secret: string }) {
  const t = useTranslations('serviceStatus');
  const warningRef = useRef<HTMLDivElement>(null);

  useEffect(() => warningRef.current?.focus(), []);

  return (
    <div className="space-y-5">
      <div
        ref={warningRef}
        tabIndex={-1}
        role="status"
        className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 focus:outline-none"
      >
        <p className="font-semibold">{t('secretOnceTitle')}</p>
        <p className="mt-1">{t('secretOnceBody')}</p>
      </div>
      <dl>
        <CopyableValue
          label={t('secretLabel')}
          value={secret}
          copyLabel={t('copySecret')}
          testId="webhook-secret"
        />
      </dl>
    </div>
  );
}

function DeleteWebhookDialog({
  webhook,
  onDone,
}: {
  webhook: StatusWebhook;
  onDone: (deleted: StatusWebhook | null) => void;
}) {
  const t = useTranslations('serviceStatus');
  const remove = useDeleteWebhook();

  return (
    <ConfirmDialog
      title={t('deleteWebhookTitle')}
      confirmLabel={t('deleteWebhook')}
      busy={remove.isPending}
      onCancel={() => onDone(null)}
      onConfirm={() => remove.mutate(webhook.id, { onSuccess: () => onDone(webhook) })}
    >
      <p>{t('deleteWebhookBody', { url: webhook.url })}</p>
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
    </ConfirmDialog>
  );
}
