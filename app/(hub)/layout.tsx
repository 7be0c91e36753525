import type { ReactNode } from 'react';

import { Providers } from '@/components/providers';
import { AppShell } from '@/components/shell/app-shell';
import { requirePageUser } from '@/lib/auth/page-user';

export default async function HubLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();

  return (
    <Providers>
      <AppShell user={user}>{children}</AppShell>
    </Providers>
  );
}
