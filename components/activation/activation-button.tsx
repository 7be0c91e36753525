'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

type State = 'idle' | 'busy' | 'done' | 'failed';

export function ActivationButton({ token }: { token: string }) {
  const t = useTranslations('activation');
  const [state, setState] = useState<State>('idle');

  async function confirm() {
    setState('busy');
    const response = await fetch('/api/activation', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    }).catch(() => null);
    setState(response?.ok ? 'done' : 'failed');
  }

  if (state === 'done') {
    return (
      <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
        {t('done')}
      </p>
    );
  }

  return (
    <div className="space-y-3">
      {state === 'failed' ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {t('failed')}
        </p>
      ) : null}
      <button
        type="button"
        onClick={() => void confirm()}
        disabled={state === 'busy'}
        className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {t('confirm')}
      </button>
    </div>
  );
}
