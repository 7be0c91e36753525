import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';

import { readConfig } from '@/lib/config';
import { getDatabase } from '@/lib/db/database';
import { logger } from '@/lib/observability/logger';
import { newTrackingId } from '@/lib/observability/request-context';

import { attemptSignIn, endSessions } from './sign-in';

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Only paths on this app: anything else would make the sign-in page an open redirect. */
export function safeRedirect(url: string, baseUrl: string): string {
  if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\'))
    return `${baseUrl}${url}`;

  try {
    if (new URL(url).origin === new URL(baseUrl).origin) return url;
  } catch {
    // not a URL at all: fall through to the home page
  }
  return baseUrl;
}

export function buildAuthOptions(): NextAuthOptions {
  const config = readConfig();

  return {
    secret: process.env.NEXTAUTH_SECRET,
    debug: false,
    session: { strategy: 'jwt', maxAge: config.sessionIdleMinutes * 60, updateAge: 60 },
    pages: { signIn: '/signin', signOut: '/signout', error: '/signin' },
    useSecureCookies: config.baseUrl.startsWith('https://'),
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        async authorize(credentials, request) {
          const trackingId = header(request.headers, 'x-tracking-id') ?? newTrackingId();
          const result = await attemptSignIn(getDatabase().prisma, {
            email: String(credentials?.email ?? '').slice(0, 254),
            password: String(credentials?.password ?? ''),
            clientIp: header(request.headers, 'x-client-ip') ?? 'unknown',
            trackingId,
          });

          // next-auth turns a thrown message into the `error` parameter of the sign-in page.
          if (result.outcome === 'locked') throw new Error('locked');
          if (result.outcome === 'invalid') return null;
          return {
            id: result.user.id,
            partnerId: result.user.partnerId,
            sessionVersion: result.user.sessionVersion,
          };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as { id: string; partnerId: string; sessionVersion: number };
          token.sub = signedIn.id;
          token.partnerId = signedIn.partnerId;
          token.sessionVersion = signedIn.sessionVersion;
          token.signedInAt = Math.floor(Date.now() / 1000);
        }
        return token;
      },
      session({ session, token }) {
        // Only identifiers reach the browser; names and roles are read from the database.
        return {
          expires: session.expires,
          user: { id: token.sub },
          partnerId: token.partnerId,
          sessionVersion: token.sessionVersion,
          signedInAt: token.signedInAt,
        } as never;
      },
      redirect: ({ url, baseUrl }) => safeRedirect(url, baseUrl),
    },
    events: {
      async signOut({ token }) {
        if (!token?.sub) return;
        try {
          await endSessions(getDatabase().prisma, { userId: token.sub, reason: 'sign_out' });
        } catch (error) {
          logger().error({ err: error }, 'could not end the session on sign-out');
        }
      },
    },
  };
}
