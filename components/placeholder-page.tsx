import { getTranslations } from 'next-intl/server';

import { EmptyState, PageHeader } from './empty-state';

type Section = 'customers' | 'clusters' | 'templates' | 'status';

/** A page whose feature is not built yet: its title and an honest empty state. */
export async function PlaceholderPage({ section }: { section: Section }) {
  const t = await getTranslations(section);

  return (
    <>
      <PageHeader title={t('title')} />
      <EmptyState title={t('emptyTitle')} body={t('emptyBody')} />
    </>
  );
}
