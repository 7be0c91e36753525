'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';

import {
  createTokenSchema,
  tokenLifetimesInDays,
  tokenScopes,
  type CreateTokenInput,
} from '@/lib/tokens/schemas';
import { Button } from '@/components/ui/button';
import { CopyableValue } from '@/components/ui/copy-button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { RadioGroupField, SelectField, TextField } from '@/components/ui/field';
import { Flyout } from '@/components/ui/flyout';
import { applyFieldErrors } from '@/components/ui/form-errors';

import { useCreateToken } from './token-queries';
import type { ApiToken } from './token-types';

const formFields = ['name', 'scope', 'expiresInDays'] as const;

/**
 * Creates an API token, then shows it this one time. The secret lives only in this component's
 * state: closing the flyout unmounts it, and nothing else ever held it.
 */
export function CreateTokenFlyout({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (token: ApiToken) => void;
}) {
  const t = useTranslations('apiTokens');
  const [failure, setFailure] = useState<unknown>(null);
  const [created, setCreated] = useState<{ token: ApiToken; secret: string } | null>(null);
  const create = useCreateToken();
  const form = useForm<CreateTokenInput>({
    resolver: zodResolver(createTokenSchema),
    defaultValues: { name: '', scope: 'read', expiresInDays: 90 },
  });
  const { errors } = form.formState;

  async function submit(input: CreateTokenInput) {
    setFailure(null);

    let secret = '';
    try {
      const token = await create.mutateAsync({
        input,
        receiveSecret: (value) => (secret = value),
      });
      setCreated({ token, secret });
      onCreated(token);
    } catch (error) {
      if (applyFieldErrors(error, form.setError, formFields).length === 0) setFailure(error);
    }
  }

  function close() {
    setCreated(null);
    onClose();
  }

  if (created) {
    return (
      <Flyout
        title={t('createdTitle', { name: created.token.name })}
        onClose={close}
        testId="token-created"
        footer={<Button onClick={close}>{t('done')}</Button>}
      >
        <OneTimeToken secret={created.secret} />
      </Flyout>
    );
  }

  return (
    <Flyout
      title={t('createTitle')}
      subtitle={t('createSubtitle')}
      onClose={close}
      testId="create-token"
    >
      <form onSubmit={form.handleSubmit(submit)} noValidate className="space-y-5">
        <TextField
          label={t('fields.name')}
          hint={t('hints.name')}
          error={errors.name?.message}
          autoComplete="off"
          maxLength={80}
          {...form.register('name')}
        />
        <RadioGroupField
          legend={t('fields.scope')}
          error={errors.scope?.message}
          options={tokenScopes.map((scope) => ({
            value: scope,
            label: t(`scopes.${scope}`),
            hint: t(`scopeHints.${scope}`),
          }))}
          inputProps={form.register('scope')}
        />
        <SelectField
          label={t('fields.expiresInDays')}
          hint={t('hints.expiresInDays')}
          error={errors.expiresInDays?.message}
          {...form.register('expiresInDays', { valueAsNumber: true })}
        >
          {tokenLifetimesInDays.map((days) => (
            <option key={days} value={days}>
              {t('lifetime', { days })}
            </option>
          ))}
        </SelectField>

        {failure ? <ErrorNotice error={failure} /> : null}

        <div className="flex justify-end gap-3 border-t border-line pt-4">
          <Button variant="ghost" onClick={close} disabled={create.isPending}>
            {t('cancel')}
          </Button>
          <Button type="submit" busy={create.isPending}>
            {t('create')}
          </Button>
        </div>
      </form>
    </Flyout>
  );
}

function OneTimeToken({ secret }: { secret: string }) {
  const t = useTranslations('apiTokens');
  const warningRef = useRef<HTMLDivElement>(null);

  // The form that had focus is gone; the warning is what the admin must read first.
  useEffect(() => warningRef.current?.focus(), []);

  return (
    <div className="space-y-5">
      <div
        ref={warningRef}
        tabIndex={-1}
        role="status"
        data-testid="token-warning"
        className={[
          'rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950',
          'focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-400',
        ].join(' ')}
      >
        <p className="font-semibold">{t('onceTitle')}</p>
        <p className="mt-1">{t('onceBody')}</p>
      </div>
      <dl>
        <CopyableValue
          label={t('fields.token')}
          value={secret}
          copyLabel={t('copyToken')}
          testId="new-token"
        />
      </dl>
      <p className="text-sm text-muted">
        {t.rich('onceUsage', { code: (chunks) => <code className="font-mono">{chunks}</code> })}
      </p>
    </div>
  );
}
