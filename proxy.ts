import { NextResponse, type NextRequest } from 'next/server';

const publicPages = ['/signin', '/signout'];
const publicPagePrefixes = ['/activate/'];
const sessionCookies = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies
    .getAll()
    .some(({ name }) => sessionCookies.some((cookie) => name.startsWith(cookie)));
}

/**
 * Adds the per-response CSP nonce and sends anonymous visitors of hub pages to sign-in.
 * It only redirects: every page and route handler checks the session itself.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith('/api/');

  const isPublicPage =
    publicPages.includes(pathname) ||
    publicPagePrefixes.some((prefix) => pathname.startsWith(prefix));
  if (!isApi && !isPublicPage && !hasSessionCookie(request)) {
    const signIn = new URL('/signin', request.url);
    signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }

  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('x-pathname', `${pathname}${search}`);
  requestHeaders.set('Content-Security-Policy', policy);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

export const config = {
  // The machine APIs serve JSON to BroadWorks and provider systems at high rates: they get
  // their fixed headers from next.config.js and skip this per-request work.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|api/provisioning/|api/v1/).*)'],
};
