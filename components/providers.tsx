'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from 'next-auth/react';
import { useState, type ReactNode } from 'react';
import { z } from 'zod';

// Zod probes whether it may compile parsers with `new Function`; under the app's CSP, which
// allows no eval, the browser reports that probe as a violation. Parsing without compiling is
// enough there; the server keeps its compiled parsers.
if (typeof window !== 'undefined') z.config({ jitless: true });

/** Client-side state for signed-in pages: server data through TanStack Query, and a session
 *  kept alive while the admin works (each refresh renews the idle timeout). */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }),
  );

  return (
    <SessionProvider refetchInterval={5 * 60} refetchOnWindowFocus>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </SessionProvider>
  );
}
