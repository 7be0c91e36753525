'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';

import type { UserRole } from '@/lib/generated/prisma/enums';

export function UserMenu({ name, email, role }: { name: string; email: string; role: UserRole }) {
  const t = useTranslations('header');

  return (
    <details className="relative" data-testid="user-menu">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-3 py-1.5 text-sm hover:bg-canvas"
        aria-label={t('userMenu')}
      >
        <span className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-600 text-white">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden sm:block">{name}</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-md border border-line bg-white p-3 shadow-lg">
        <p className="text-sm font-medium">{name}</p>
        <p className="truncate text-sm text-muted">{email}</p>
        <p className="mt-1 text-xs text-muted" data-testid="user-role">
          {t(`role.${role}`)}
        </p>
        <hr className="my-3 border-line" />
        <Link href="/signout" className="block rounded px-2 py-1.5 text-sm hover:bg-canvas">
          {t('signOut')}
        </Link>
      </div>
    </details>
  );
}
