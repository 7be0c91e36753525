import { decode } from 'next-auth/jwt';

import { readConfig } from '@/lib/config';
import { getDatabase } from '@/lib/db/database';
import type { UserRole } from '@/lib/generated/prisma/enums';
import { noteRequestActor } from '@/lib/observability/request-context';

export const sessionCookieNames = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  locale: string;
  partnerId: string;
  partnerName: string;
}

function sessionTokenOf(cookieHeader: string | null): string | undefined {
  if (!cookieHeader) return undefined;

  const cookies = new Map<string, string>();
  for (const part of cookieHeader.split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  // Large tokens are split by next-auth into `.0`, `.1`, ... chunks.
  for (const name of sessionCookieNames) {
    if (cookies.has(name)) return cookies.get(name);
    const chunks: string[] = [];
    for (let index = 0; cookies.has(`${name}.${index}`); index++)
      chunks.push(cookies.get(`${name}.${index}`)!);
    if (chunks.length) return chunks.join('');
  }
  return undefined;
}

/**
 * The signed-in user, checked against the database on every request: a signed-out,
 * deactivated or expired session gives null even while its cookie is still valid.
 */
export async function currentUser(cookieHeader: string | null): Promise<CurrentUser | null> {
  const token = sessionTokenOf(cookieHeader);
  const secret = process.env.NEXTAUTH_SECRET;
  if (!token || !secret) return null;

  const session = await decode({ token, secret }).catch(() => null);
  const userId = session?.sub;
  if (!userId || !session.signedInAt) return null;

  const ageSeconds = Date.now() / 1000 - session.signedInAt;
  if (ageSeconds > readConfig().sessionMaxHours * 3600) return null;

  const user = await getDatabase().prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      locale: true,
      active: true,
      sessionVersion: true,
      partnerId: true,
      partner: { select: { name: true } },
    },
  });
  if (!user || !user.active || user.sessionVersion !== session.sessionVersion) return null;
  if (user.partnerId !== session.partnerId) return null;

  noteRequestActor({ partnerId: user.partnerId, userId: user.id });

  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    partnerId: user.partnerId,
    partnerName: user.partner.name,
  };
}
