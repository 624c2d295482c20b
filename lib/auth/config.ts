/**
 * The one next-auth configuration, shared by proxy.ts and the app (lib/auth/index.ts
 * adds the credentials provider, which needs the database). The cookie carries a
 * JWT naming the user and the server-side session row; the row decides whether the
 * session is still live (lib/auth/sessions.ts). Built lazily so `next build` needs
 * no secrets.
 */
import { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import type { SessionConfig } from '@/lib/auth/sessions';
import { env, minutes } from '@/lib/env';
import { log } from '@/lib/log';

export const protectedPrefixes = ['/profile', '/support', '/verify-email'];

export function sessionConfig(): SessionConfig {
  const config = env();
  return {
    maxAgeMs: minutes(config.SESSION_MAX_AGE_MINUTES),
    appMaxAgeMs: minutes(config.API_TOKEN_TTL_MINUTES),
    idleMs: minutes(config.SESSION_IDLE_MINUTES),
  };
}

// Refusals anyone can provoke by sending junk (a garbled or old cookie, a post without
// its CSRF token): one warning line each, no stack, so they cannot flood the log.
const clientErrors = new Set(['JWTSessionError', 'MissingCSRF', 'InvalidCheck', 'UnknownAction', 'InvalidCallbackUrl']);

export function authConfig() {
  return {
    secret: env().AUTH_SECRET,
    pages: { signIn: '/sign-in' },
    // The cookie lives no longer than the session behind it can; the row is what counts.
    session: { strategy: 'jwt', maxAge: minutes(env().SESSION_MAX_AGE_MINUTES) / 1000 },
    trustHost: true,
    providers: [],
    logger: {
      // A refused sign-in logs its reason, never the credentials (CredentialsSignin's code is the reason).
      error: (error) => {
        const type = (error as { type?: string }).type ?? '';
        if (error instanceof CredentialsSignin) log().info({ reason: error.code }, 'sign-in refused');
        else if (clientErrors.has(type)) log().warn({ type }, 'auth request refused');
        else log().error({ err: error }, 'auth error');
      },
      warn: (code) => log().warn({ code }, 'auth warning'),
      debug: () => {},
    },
    callbacks: {
      jwt({ token, user }) {
        // On sign-in `user` is what authorize() returned; afterwards only the token is kept.
        if (user) {
          token.sub = user.id;
          token.sid = user.sessionId;
        }
        return token;
      },
      session({ session, token }) {
        session.user.id = token.sub ?? '';
        session.sessionId = token.sid ?? '';
        return session;
      },
    },
  } satisfies NextAuthConfig;
}
