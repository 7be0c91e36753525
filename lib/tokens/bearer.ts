import { getDatabase } from '@/lib/db/database';
import { AppError } from '@/lib/http/errors';
import { noteRequestActor } from '@/lib/observability/request-context';

import { hashToken } from './token-store';

export interface TokenCaller {
  tokenId: string;
  partnerId: string;
  scope: 'read' | 'write';
}

const realm = 'Bearer realm="partner-hub-api"';
const lastUseResolutionMs = 60_000;

function refused(error: 'invalid_request' | 'invalid_token', description: string): AppError {
  return new AppError('unauthorized', 'A valid API token is required.', [description], {
    'WWW-Authenticate': `${realm}, error="${error}"`,
  });
}

/**
 * Finds the partner of a bearer token. Only the Authorization header counts: a token in the
 * URL ends up in logs and browser history, so such a request is refused outright, and a
 * session cookie authenticates nothing here.
 */
export async function authenticateBearer(request: Request): Promise<TokenCaller> {
  const url = new URL(request.url);
  if (url.searchParams.has('access_token') || url.searchParams.has('token')) {
    throw refused(
      'invalid_request',
      'Send the token in the Authorization header, never in the URL.',
    );
  }

  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  if (!match) {
    throw new AppError(
      'unauthorized',
      'A valid API token is required.',
      ['Send Authorization: Bearer <token>.'],
      { 'WWW-Authenticate': realm },
    );
  }

  const { prisma } = getDatabase();
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(match[1]!) },
    select: {
      id: true,
      partnerId: true,
      scope: true,
      tokenPrefix: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
    },
  });
  if (!token) throw refused('invalid_token', 'The token is not known.');
  noteRequestActor({ partnerId: token.partnerId, credential: token.tokenPrefix });
  if (token.revokedAt) throw refused('invalid_token', 'The token was revoked.');
  if (token.expiresAt <= new Date()) throw refused('invalid_token', 'The token has expired.');

  // Last use to the minute: one write a minute per token rather than one per request.
  const now = Date.now();
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > lastUseResolutionMs) {
    await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } });
  }

  return { tokenId: token.id, partnerId: token.partnerId, scope: token.scope };
}

export function insufficientScope(): AppError {
  return new AppError(
    'forbidden',
    'This token may only read.',
    ['Create a token with the write scope for changes.'],
    { 'WWW-Authenticate': `${realm}, error="insufficient_scope", scope="write"` },
  );
}
