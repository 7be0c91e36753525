'use client';

import { useTranslations } from 'next-intl';
import type { ComponentProps } from 'react';

const variants = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 disabled:hover:bg-brand-600',
  secondary: 'border border-line bg-white text-ink hover:bg-canvas',
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:hover:bg-red-700',
  dangerOutline: 'border border-red-300 bg-white text-red-800 hover:bg-red-50',
  ghost: 'text-brand-700 hover:bg-brand-50',
} as const;

export type ButtonVariant = keyof typeof variants;

export function buttonClasses(variant: ButtonVariant = 'primary', extra = ''): string {
  return [
    'inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium',
    'focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-1',
    'disabled:cursor-not-allowed disabled:opacity-60',
    variants[variant],
    extra,
  ].join(' ');
}

/** A button that says it is busy while its action runs, and is a plain button by default. */
export function Button({
  variant = 'primary',
  busy = false,
  className = '',
  type = 'button',
  disabled,
  children,
  ...props
}: ComponentProps<'button'> & { variant?: ButtonVariant; busy?: boolean }) {
  const t = useTranslations('ui');

  return (
    <button
      type={type}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={buttonClasses(variant, className)}
      {...props}
    >
      {busy ? (
        <span
          aria-hidden="true"
          className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
        />
      ) : null}
      {children}
      {busy ? <span className="sr-only">{t('working')}</span> : null}
    </button>
  );
}

/** The name in a list row: it opens the row's flyout and takes focus back when it closes. */
export const rowButtonClasses = [
  'text-left text-brand-700 hover:underline',
  'focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600',
].join(' ');
