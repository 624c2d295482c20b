/**
 * Runs before every page (not the API, not static files):
 *  - the cheap check only: a visitor without a session cookie who asks for a
 *    signed-in page goes to /sign-in and comes back afterwards. The cookie is not
 *    decoded here: pages and actions call requireUser(), which decodes it and checks
 *    the session row in the database, so decoding it twice bought nothing (issue 15).
 *    Nor is it re-issued: a session's end is fixed at sign-in (lib/auth/sessions.ts)
 *    and the cookie is set to live exactly as long, so there is nothing to roll;
 *  - a Content-Security-Policy with a fresh nonce per response, which Next.js puts on
 *    its own scripts (the root layout reads the headers, so every page renders per
 *    request and carries the nonce); HSTS when the site is served over https.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { protectedPrefixes } from '@/lib/auth/config';
import { requestPathHeader } from '@/lib/auth/request-path';
import { isSessionCookie } from '@/lib/auth/session-cookie';
import { env } from '@/lib/env';
import { signInPath } from '@/lib/safe-redirect';

function contentSecurityPolicy(nonce: string, https: boolean) {
  // React's development build evaluates code; the production build never does.
  const evaluation = process.env.NODE_ENV === 'production' ? '' : " 'unsafe-eval'";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${evaluation}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const needsSession = protectedPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  if (needsSession && !request.cookies.getAll().some((cookie) => isSessionCookie(cookie.name) && cookie.value !== '')) {
    return NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.nextUrl));
  }
  const https = new URL(env().APP_URL).protocol === 'https:';
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, https);
  const headers = new Headers(request.headers);
  headers.set(requestPathHeader, `${pathname}${search}`);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  if (https) response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
