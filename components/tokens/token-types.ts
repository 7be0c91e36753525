import type { listTokens } from '@/lib/tokens/token-store';
import type { Wire } from '@/components/ui/wire';

/** A token as the list shows it: never the secret, only the first characters of it. */
export type ApiToken = Wire<Awaited<ReturnType<typeof listTokens>>[number]>;

export type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(token: ApiToken, now: number): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (new Date(token.expiresAt).getTime() <= now) return 'expired';

  return 'active';
}
