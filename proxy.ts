/**
 * The cheap check only: a visitor without a session cookie who asks for a
 * signed-in page goes to /sign-in and comes back afterwards. Pages and actions
 * still call requireUser(), which also checks the session against the database.
 */
import NextAuth from 'next-auth';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { requestPathHeader } from '@/lib/auth/request-path';
import { env } from '@/lib/env';

const { auth } = NextAuth(() => ({ ...authConfig, secret: env().AUTH_SECRET }));

// With a lazily built configuration, next-auth hands back the wrapped proxy as a promise.
const wrapped = auth((request) => {
  const headers = new Headers(request.headers);
  headers.set(requestPathHeader, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}) as unknown as Promise<(request: NextRequest, event: NextFetchEvent) => Promise<Response>>;

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  return (await wrapped)(request, event);
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
