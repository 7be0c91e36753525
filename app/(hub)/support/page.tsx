import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { PageHeader } from '@/components/empty-state';
import { requirePageUser } from '@/lib/auth/page-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('support');
  return { title: t('title') };
}

/** Support: an index of the support tools that exist, and an honest word on those to come. */
export default async function SupportPage() {
  await requirePageUser();
  const t = await getTranslations('support');
  const tOutbox = await getTranslations('outbox');

  return (
    <>
      <PageHeader title={t('title')} />

      <nav aria-label={t('toolsLabel')}>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <li>
            <Link
              href="/support/outbox"
              className={[
                'block h-full rounded-lg border border-line bg-white px-5 py-4',
                'hover:border-brand-600 focus:outline-none focus-visible:ring-2',
                'focus-visible:ring-brand-600',
              ].join(' ')}
            >
              <span className="block font-semibold text-brand-700">{tOutbox('title')}</span>
              <span className="mt-1 block text-sm text-muted">{t('outboxBody')}</span>
            </Link>
          </li>
        </ul>
      </nav>

      <section className="mt-8 rounded-lg border border-dashed border-line bg-white px-6 py-5">
        <h2 className="text-base font-semibold">{t('moreTitle')}</h2>
        <p className="mt-1 max-w-xl text-sm text-muted">{t('moreBody')}</p>
      </section>
    </>
  );
}
