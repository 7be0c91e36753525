import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

import { openIncidentsForBanner } from '@/lib/status/incidents';
import { partnerDb } from '@/lib/tenancy/partner-db';

/**
 * The notice above every hub page while the partner has an open incident. It is part of the
 * server-rendered frame, so it costs one indexed query per page and no polling.
 */
export async function IncidentBanner({ partnerId }: { partnerId: string }) {
  const incidents = await openIncidentsForBanner(partnerDb(partnerId));
  const latest = incidents[0];
  if (!latest) return null;

  const t = await getTranslations('serviceStatus.banner');
  const outage = incidents.some((incident) => incident.impact === 'outage');

  return (
    <section
      aria-label={t('label')}
      data-testid="incident-banner"
      className={[
        'flex flex-wrap items-center justify-between gap-3 border-b px-6 py-2 text-sm',
        outage
          ? 'border-red-200 bg-red-50 text-red-900'
          : 'border-amber-200 bg-amber-50 text-amber-950',
      ].join(' ')}
    >
      <p className="font-medium">{t('title', { count: incidents.length, title: latest.title })}</p>
      <Link href="/status" className="underline hover:no-underline">
        {t('link')}
      </Link>
    </section>
  );
}
