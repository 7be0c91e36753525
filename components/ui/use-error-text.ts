'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';

/**
 * Turns a shared schema's message (`validation.key` or `validation.key|argument`) into text in
 * the admin's language. Server field errors arrive translated already and pass unchanged.
 */
export function useErrorText(): (message: string | undefined) => string | undefined {
  const t = useTranslations('validation');

  return useCallback(
    (message) => {
      if (!message || !message.startsWith('validation.')) return message;

      const [key = '', argument = ''] = message.slice('validation.'.length).split('|');
      if (!t.has(key)) return message;

      return t(key, { max: argument, min: argument });
    },
    [t],
  );
}
