/**
 * next-auth: mobile number + password through the credentials provider, JWT
 * sessions carrying the account's session version. Configured lazily so that
 * `next build` needs no secrets.
 */
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authConfig } from '@/lib/auth/config';
import { signInSchema } from '@/lib/auth/schema';
import { createSignInLimits, signInWithPassword, type SignInLimits } from '@/lib/auth/sign-in';
import { db } from '@/lib/db';
import { env, minutes } from '@/lib/env';
import { log } from '@/lib/log';
import { requestMeta } from '@/lib/request-meta';

/** A refused sign-in. The form shows one message for every wrong credential. */
export class SignInRefused extends CredentialsSignin {
  constructor(
    readonly reason: 'invalid_credentials' | 'rate_limited',
    readonly retryAfterSeconds = 0,
  ) {
    super();
    this.code = reason;
  }
}

const globalForLimits = globalThis as unknown as { walletSignInLimits?: SignInLimits };

export function signInLimits(): SignInLimits {
  const config = env();
  globalForLimits.walletSignInLimits ??= createSignInLimits(db(), {
    maxFailuresPerAccount: config.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
    accountBlockSeconds: minutes(config.SIGNIN_ACCOUNT_WINDOW_MINUTES) / 1000,
    maxFailuresPerIp: config.SIGNIN_MAX_FAILURES_PER_IP,
    ipWindowSeconds: minutes(config.SIGNIN_IP_WINDOW_MINUTES) / 1000,
  });
  return globalForLimits.walletSignInLimits;
}

export const { handlers, auth, signIn, signOut, unstable_update: refreshSession } = NextAuth(() => ({
  ...authConfig,
  callbacks: {
    ...authConfig.callbacks,
    async jwt(params) {
      const token = await authConfig.callbacks.jwt(params);
      // After a confirmed e-mail change every session's version is stale except the
      // one that confirmed it: only that one may catch up. Client data is ignored.
      if (params.trigger === 'update' && token.sub && token.sid) {
        const user = await db().user.findUnique({ where: { id: token.sub }, select: { sessionVersion: true, keptSessionId: true } });
        if (user?.keptSessionId === token.sid) token.sv = user.sessionVersion;
      }
      return token;
    },
  },
  secret: env().AUTH_SECRET,
  session: { strategy: 'jwt', maxAge: minutes(env().SESSION_MAX_AGE_MINUTES) / 1000 },
  providers: [
    Credentials({
      credentials: { mobileNumber: {}, password: {} },
      async authorize(credentials, request) {
        const input = signInSchema.safeParse(credentials);
        if (!input.success) throw new SignInRefused('invalid_credentials');
        const { ip } = requestMeta(request.headers, env().TRUSTED_PROXY_HOPS);
        const result = await signInWithPassword(db(), signInLimits(), input.data, ip);
        if (!result.ok) {
          throw new SignInRefused(result.code, result.code === 'rate_limited' ? result.retryAfterSeconds : 0);
        }
        return { id: result.user.id, name: result.user.displayName, sessionVersion: result.user.sessionVersion };
      },
    }),
  ],
}));
