'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, type ReactNode } from 'react';

import { Button } from './button';
import { useModalDialog } from './modal';

/** Asks before something that cannot be undone or that reaches further than it looks. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  tone = 'danger',
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useTranslations('ui');
  const titleId = useId();
  const bodyId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { dialogProps } = useModalDialog({ onClose: onCancel, initialFocus: cancelRef });

  return (
    <dialog
      {...dialogProps}
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      className={[
        'm-auto w-full max-w-md rounded-lg border border-line bg-white p-0 text-ink shadow-2xl',
        'backdrop:bg-ink/40',
      ].join(' ')}
    >
      <div className="px-6 pt-5 pb-4">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div id={bodyId} className="mt-2 space-y-2 text-sm">
          {children}
        </div>
      </div>
      <div className="flex justify-end gap-3 border-t border-line bg-canvas px-6 py-3">
        <Button ref={cancelRef} variant="secondary" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </Button>
        <Button variant={tone} onClick={onConfirm} busy={busy}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
