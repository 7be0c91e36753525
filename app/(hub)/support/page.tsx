import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { PageHeader } from '@/components/empty-state';
import { requirePageUser } from '@/lib/auth/page-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('support');
  return { title: t('title') };
}

const tileClasses = [
  'block h-full rounded-lg border border-line bg-white px-5 py-4',
  'hover:border-brand-600 focus:outline-none focus-visible:ring-2',
  'focus-visible:ring-brand-600',
].join(' ');

/** Support: an index of the support tools. */
export default async function SupportPage() {
  await requirePageUser();
  const t = await getTranslations('support');
  const tOutbox = await getTranslations('outbox');
  const tTools = await getTranslations('supportTools');

  const tools = [
    { href: '/support/lookup', title: tTools('lookup.title'), body: t('lookupBody') },
    { href: '/support/case', title: tTools('case.title'), body: t('caseBody') },
    { href: '/support/audit', title: tTools('audit.title'), body: t('auditBody') },
    { href: '/support/outbox', title: tOutbox('title'), body: t('outboxBody') },
  ];

  return (
    <>
      <PageHeader title={t('title')} />

      <nav aria-label={t('toolsLabel')}>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {tools.map((tool) => (
            <li key={tool.href}>
              <Link href={tool.href} className={tileClasses}>
                <span className="block font-semibold text-brand-700">{tool.title}</span>
                <span className="mt-1 block text-sm text-muted">{tool.body}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
