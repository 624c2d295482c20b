/**
 * Runs before every page (not the API, not static files):
 *  - the cheap check only: a visitor without a session cookie who asks for a
 *    signed-in page goes to /sign-in and comes back afterwards (pages and actions
 *    still call requireUser(), which checks the session row in the database);
 *  - a Content-Security-Policy with a fresh nonce per response, which Next.js puts on
 *    its own scripts (the root layout reads the headers, so every page renders per
 *    request and carries the nonce); HSTS when the site is served over https.
 */
import NextAuth from 'next-auth';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { requestPathHeader } from '@/lib/auth/request-path';
import { env } from '@/lib/env';

const { auth } = NextAuth(() => authConfig());

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

// With a lazily built configuration, next-auth hands back the wrapped proxy as a promise.
const wrapped = auth((request) => {
  const https = new URL(env().APP_URL).protocol === 'https:';
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, https);
  const headers = new Headers(request.headers);
  headers.set(requestPathHeader, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  if (https) response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  return response;
}) as unknown as Promise<(request: NextRequest, event: NextFetchEvent) => Promise<Response>>;

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  return (await wrapped)(request, event);
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
