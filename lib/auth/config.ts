/**
 * The part of the next-auth configuration proxy.ts needs: how sessions are kept
 * and which paths need one. It loads no database code, so the proxy stays cheap;
 * the session version is checked against the database by requireUser().
 */
import { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import { NextResponse } from 'next/server';
import { log } from '@/lib/log';
import { signInPath } from '@/lib/safe-redirect';

export const protectedPrefixes = ['/profile', '/support', '/verify-email'];

export const authConfig = {
  pages: { signIn: '/sign-in' },
  session: { strategy: 'jwt' },
  trustHost: true,
  providers: [],
  logger: {
    // Expected outcomes are not errors. A refused sign-in logs its reason, never the
    // credentials (CredentialsSignin's code is the reason). A session cookie that is
    // garbled, forged or sealed with an old secret is anyone's to send: one line, no
    // stack, or a stream of junk cookies would fill the log.
    error: (error) => {
      if (error instanceof CredentialsSignin) log().info({ reason: error.code }, 'sign-in refused');
      else if ((error as { type?: string }).type === 'JWTSessionError') log().warn('unreadable session cookie ignored');
      else log().error({ err: error }, 'auth error');
    },
    warn: (code) => log().warn({ code }, 'auth warning'),
    debug: () => {},
  },
  callbacks: {
    authorized({ auth, request }) {
      const { pathname, search } = request.nextUrl;
      const needsSession = protectedPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
      if (!needsSession || auth?.user) return true;
      return NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.nextUrl));
    },
    jwt({ token, user }) {
      // On sign-in `user` is what authorize() returned; afterwards only the token is kept.
      if (user) {
        token.sub = user.id;
        token.sv = user.sessionVersion;
        // Names this session, for the re-auth window and for keeping it when others end.
        token.sid = crypto.randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? '';
      session.sessionVersion = typeof token.sv === 'number' ? token.sv : -1;
      session.sessionId = token.sid ?? '';
      return session;
    },
  },
} satisfies NextAuthConfig;
