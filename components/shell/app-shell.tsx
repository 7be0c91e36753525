import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';

import type { CurrentUser } from '@/lib/auth/current-user';

import { LanguageSwitch } from '../language-switch';
import { IncidentBanner } from '../status/incident-banner';
import { NavLink } from './nav-link';
import { UserMenu } from './user-menu';

export async function AppShell({ user, children }: { user: CurrentUser; children: ReactNode }) {
  const t = await getTranslations();

  return (
    <div className="flex min-h-screen">
      <aside className="w-64 shrink-0 border-r border-line bg-white">
        <div className="border-b border-line px-5 py-4">
          <p className="text-base font-semibold text-brand-700">{t('app.name')}</p>
          <p className="text-xs text-muted">{t('app.tagline')}</p>
        </div>
        <nav aria-label={t('nav.label')} className="space-y-1 p-3">
          <NavLink href="/customers">{t('nav.customers')}</NavLink>
          <NavLink href="/analytics">{t('nav.analytics')}</NavLink>
          <p className="px-3 pt-4 text-xs font-semibold uppercase tracking-wide text-muted">
            {t('nav.settings')}
          </p>
          <p className="px-3 pt-1 text-sm text-muted">{t('nav.broadworksCalling')}</p>
          <NavLink href="/settings/broadworks-calling/clusters" nested>
            {t('nav.clusters')}
          </NavLink>
          <NavLink href="/settings/broadworks-calling/templates" nested>
            {t('nav.templates')}
          </NavLink>
          <NavLink href="/settings/api-tokens">{t('nav.apiTokens')}</NavLink>
          <NavLink href="/settings/certificates">{t('certificates.navLabel')}</NavLink>
          <div className="pt-4" />
          <NavLink href="/support">{t('nav.support')}</NavLink>
          <NavLink href="/api-reference">{t('nav.apiReference')}</NavLink>
          <NavLink href="/status">{t('nav.status')}</NavLink>
        </nav>
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between border-b border-line bg-white px-6 py-3">
          <p className="text-sm font-medium" data-testid="partner-name">
            {user.partnerName}
          </p>
          <div className="flex items-center gap-4">
            <LanguageSwitch persist />
            <UserMenu name={user.name} email={user.email} role={user.role} />
          </div>
        </header>
        <IncidentBanner partnerId={user.partnerId} />
        {user.role === 'read_only' ? (
          <p
            className="border-b border-amber-200 bg-amber-50 px-6 py-2 text-sm text-amber-900"
            role="note"
          >
            {t('readOnly.notice')}
          </p>
        ) : null}
        <main className="flex-1 px-8 py-6">{children}</main>
      </div>
    </div>
  );
}
