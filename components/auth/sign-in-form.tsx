'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import { isLocale, localeCookie } from '@/i18n/config';
import { safeCallbackPath, signInSchema, type SignInInput } from '@/lib/auth/sign-in-schema';

type Failure = 'invalid' | 'locked' | 'failed';

/** The language an admin chose before follows them to any browser they sign in from. */
async function applySavedLanguage(): Promise<void> {
  const response = await fetch('/api/me').catch(() => null);
  const locale = response?.ok ? ((await response.json()) as { locale?: string }).locale : null;
  if (isLocale(locale)) {
    document.cookie = `${localeCookie}=${locale}; path=/; max-age=31536000; samesite=lax`;
  }
}

export function SignInForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl?: string;
  initialError?: Failure;
}) {
  const t = useTranslations('signIn');
  const router = useRouter();
  const [failure, setFailure] = useState<Failure | undefined>(initialError);
  const form = useForm<SignInInput>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  async function submit(input: SignInInput) {
    setFailure(undefined);
    const result = await signIn('credentials', { ...input, redirect: false });

    if (result?.ok && !result.error) {
      await applySavedLanguage();
      router.replace(safeCallbackPath(callbackUrl));
      router.refresh();
      return;
    }
    form.resetField('password');
    setFailure(result?.error === 'locked' ? 'locked' : result?.error ? 'invalid' : 'failed');
  }

  return (
    <form onSubmit={form.handleSubmit(submit)} noValidate className="space-y-4">
      {failure ? (
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
          data-testid="sign-in-error"
        >
          {t(failure)}
        </p>
      ) : null}

      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          {t('email')}
        </label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          autoFocus
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? 'email-error' : undefined}
          className="mt-1 w-full rounded-md border border-line px-3 py-2 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
          {...form.register('email')}
        />
        {errors.email?.message ? (
          <p id="email-error" className="mt-1 text-sm text-red-700">
            {t(errors.email.message as 'emailRequired')}
          </p>
        ) : null}
      </div>

      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          {t('password')}
        </label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? 'password-error' : undefined}
          className="mt-1 w-full rounded-md border border-line px-3 py-2 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
          {...form.register('password')}
        />
        {errors.password?.message ? (
          <p id="password-error" className="mt-1 text-sm text-red-700">
            {t(errors.password.message as 'passwordRequired')}
          </p>
        ) : null}
      </div>

      <button
        type="submit"
        disabled={isSubmitting}
        className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {isSubmitting ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}
