/**
 * next-auth: mobile number + password through the credentials provider. A successful
 * sign-in starts a server-side session (lib/auth/sessions.ts) whose id the JWT cookie
 * carries. The shared part of the configuration is lib/auth/config.ts.
 */
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authConfig, sessionConfig } from '@/lib/auth/config';
import { signInSchema } from '@/lib/auth/schema';
import { createSignInLimits, signInWithPassword, type SignInLimits } from '@/lib/auth/sign-in';
import { db } from '@/lib/db';
import { env, minutes } from '@/lib/env';
import { settleLocaleAtSignIn } from '@/lib/i18n/account';
import { requestMeta } from '@/lib/request-meta';

/** A refused sign-in. The form shows one message for every wrong credential. */
export class SignInRefused extends CredentialsSignin {
  constructor(
    readonly reason: 'invalid_credentials' | 'rate_limited' | 'password_reset_required',
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

export const { handlers, signIn, signOut } = NextAuth(() => ({
  ...authConfig(),
  providers: [
    Credentials({
      credentials: { mobileNumber: {}, password: {} },
      async authorize(credentials, request) {
        const input = signInSchema.safeParse(credentials);
        if (!input.success) throw new SignInRefused('invalid_credentials');
        const context = { kind: 'WEB' as const, meta: requestMeta(request.headers), now: new Date(), config: sessionConfig() };
        const result = await signInWithPassword(db(), signInLimits(), input.data, context);
        if (!result.ok) throw new SignInRefused(result.code, result.code === 'rate_limited' ? result.retryAfterSeconds : 0);
        await settleLocaleAtSignIn(result.user);
        return { id: result.user.id, name: result.user.displayName, sessionId: result.session.id };
      },
    }),
  ],
}));
