'use client';

import { useTranslations } from 'next-intl';

import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/error-notice';
import { FlyoutActions } from '@/components/ui/flyout';

type EditorNamespace = 'clusters' | 'templates';

/** Someone saved the record since it was opened: say so, and offer to load their version. */
export function StaleVersionNotice({
  namespace,
  error,
  reloading,
  onReload,
}: {
  namespace: EditorNamespace;
  error: unknown;
  reloading: boolean;
  onReload: () => Promise<void>;
}) {
  const t = useTranslations(namespace);

  return (
    <ErrorNotice
      error={error}
      title={t('stale.title')}
      actions={
        <Button variant="secondary" busy={reloading} onClick={() => void onReload()}>
          {t('stale.reload')}
        </Button>
      }
    >
      <p>{t('stale.body')}</p>
    </ErrorNotice>
  );
}

/** Announces a save to screen readers and shows it; empty until something was saved. */
export function SavedNote({ namespace, saved }: { namespace: EditorNamespace; saved: boolean }) {
  const t = useTranslations(namespace);

  return (
    <p role="status" className="text-sm text-green-800 empty:hidden">
      {saved ? t('saved') : ''}
    </p>
  );
}

/** Delete on one side; close and save (the form `formId`) on the other. */
export function EditorActions({
  namespace,
  formId,
  saving,
  onDelete,
  onClose,
}: {
  namespace: EditorNamespace;
  formId: string;
  saving: boolean;
  onDelete: () => void;
  onClose: () => void;
}) {
  const t = useTranslations(namespace);
  const tUi = useTranslations('ui');

  return (
    <FlyoutActions>
      <Button variant="dangerOutline" onClick={onDelete}>
        {t('delete')}
      </Button>
      <div className="flex gap-3">
        <Button variant="secondary" onClick={onClose}>
          {tUi('close')}
        </Button>
        <Button type="submit" form={formId} busy={saving}>
          {tUi('save')}
        </Button>
      </div>
    </FlyoutActions>
  );
}
