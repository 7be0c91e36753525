'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

export function NavLink({
  href,
  children,
  nested = false,
}: {
  href: string;
  children: ReactNode;
  nested?: boolean;
}) {
  const pathname = usePathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);

  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={[
        'block rounded-md py-2 text-sm transition-colors',
        nested ? 'pl-8 pr-3' : 'px-3',
        active ? 'bg-brand-100 font-medium text-brand-700' : 'text-ink hover:bg-canvas',
      ].join(' ')}
    >
      {children}
    </Link>
  );
}
