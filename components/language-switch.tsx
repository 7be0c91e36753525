'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

import { localeCookie, locales, type Locale } from '@/i18n/config';

export function LanguageSwitch({ persist = false }: { persist?: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  async function choose(next: Locale) {
    document.cookie = `${localeCookie}=${next}; path=/; max-age=31536000; samesite=lax`;
    if (persist) {
      await fetch('/api/me', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ locale: next }),
      });
    }
    startTransition(() => router.refresh());
  }

  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-muted">{t('header.language')}</span>
      <select
        className="rounded border border-line bg-white px-2 py-1"
        value={locale}
        disabled={pending}
        onChange={(event) => void choose(event.target.value as Locale)}
        data-testid="language-switch"
      >
        {locales.map((option) => (
          <option key={option} value={option}>
            {t(`language.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
