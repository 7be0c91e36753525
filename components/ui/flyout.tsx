'use client';

import { useTranslations } from 'next-intl';
import { useId, type ReactNode } from 'react';

import { useModalDialog } from './modal';

/** A panel that slides in from the right over the page (the "flyout"), as a modal dialog. */
export function Flyout({
  title,
  subtitle,
  onClose,
  returnFocus,
  footer,
  children,
  testId,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null | undefined;
  footer?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const t = useTranslations('ui');
  const titleId = useId();
  const { dialogProps } = useModalDialog({ onClose, returnFocus });

  return (
    <dialog
      {...dialogProps}
      aria-labelledby={titleId}
      data-testid={testId}
      className={[
        'fixed inset-y-0 right-0 left-auto m-0 flex h-dvh max-h-none w-full max-w-2xl flex-col',
        'border-l border-line bg-white p-0 text-ink shadow-2xl backdrop:bg-ink/30',
        'transition-transform duration-200 ease-out starting:translate-x-full',
        'motion-reduce:transition-none',
      ].join(' ')}
    >
      <header className="flex items-start justify-between gap-4 border-b border-line px-6 py-4">
        <div className="min-w-0">
          <h2 id={titleId} className="truncate text-lg font-semibold">
            {title}
          </h2>
          {subtitle ? <div className="mt-1 text-sm text-muted">{subtitle}</div> : null}
        </div>
        <button
          type="button"
          onClick={onClose}
          className={[
            'rounded-md px-2 py-1 text-sm text-muted hover:bg-canvas hover:text-ink',
            'focus:outline-none focus:ring-2 focus:ring-brand-100',
          ].join(' ')}
        >
          <span aria-hidden="true">✕</span>
          <span className="sr-only">{t('close')}</span>
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">{children}</div>
      {footer ? (
        <footer className="flex flex-wrap justify-end gap-3 border-t border-line bg-canvas px-6 py-3">
          {footer}
        </footer>
      ) : null}
    </dialog>
  );
}

/**
 * Actions that stay in view at the bottom of the flyout while its content scrolls, for an edit
 * form whose buttons belong with the form's own state.
 */
export function FlyoutActions({ children }: { children: ReactNode }) {
  return (
    <div
      className={[
        'sticky -bottom-5 -mx-6 -mb-5 flex flex-wrap items-center justify-between gap-3',
        'border-t border-line bg-canvas px-6 py-3',
      ].join(' ')}
    >
      {children}
    </div>
  );
}
