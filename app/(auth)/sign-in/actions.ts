'use server';

import { AuthError } from 'next-auth';
import { getTranslations } from 'next-intl/server';
import { signIn, SignInRefused } from '@/lib/auth';
import { signInSchema } from '@/lib/auth/schema';
import { safeCallbackPath } from '@/lib/safe-redirect';

export type SignInState = { ok: false; code: 'invalid_input' | 'invalid_credentials' | 'rate_limited' | 'password_reset_required'; message: string };

/** Signs in and redirects to `callbackUrl`; returns a value only when sign-in is refused. */
export async function signInAction(input: unknown, callbackUrl: unknown): Promise<SignInState> {
  const t = await getTranslations();
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid_input', message: t('validation.checkFields') };
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: safeCallbackPath(callbackUrl) });
  } catch (error) {
    if (error instanceof SignInRefused && error.reason === 'rate_limited') {
      return { ok: false, code: 'rate_limited', message: t('signIn.retry', { minutes: Math.ceil(error.retryAfterSeconds / 60) }) };
    }
    if (error instanceof SignInRefused && error.reason === 'password_reset_required') {
      return { ok: false, code: 'password_reset_required', message: t('signIn.passwordReset') };
    }
    if (error instanceof AuthError) return { ok: false, code: 'invalid_credentials', message: t('signIn.wrongCredentials') };
    throw error; // the redirect after a successful sign-in, or a bug
  }
  throw new Error('signIn returned without redirecting');
}
