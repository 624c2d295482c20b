'use server';

import { AuthError } from 'next-auth';
import { signIn, SignInRefused } from '@/lib/auth';
import { signInSchema } from '@/lib/auth/schema';
import { safeCallbackPath } from '@/lib/safe-redirect';

export type SignInState = { ok: false; code: 'invalid_input' | 'invalid_credentials' | 'rate_limited' | 'password_reset_required'; message: string };

const wrongCredentialsMessage = 'That mobile number and password do not match. Check both and try again.';
const passwordResetMessage =
  'For your safety this account needs a new password after an email change was undone. Open the “This wasn’t me” link again to set one, or call Wallet support on 01-5970017.';

function retryMessage(seconds: number) {
  const inMinutes = Math.ceil(seconds / 60);
  return `Too many sign-in attempts. Try again in ${inMinutes} minute${inMinutes === 1 ? '' : 's'}.`;
}

/** Signs in and redirects to `callbackUrl`; returns a value only when sign-in is refused. */
export async function signInAction(input: unknown, callbackUrl: unknown): Promise<SignInState> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid_input', message: 'Check the highlighted fields.' };
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: safeCallbackPath(callbackUrl) });
  } catch (error) {
    if (error instanceof SignInRefused && error.reason === 'rate_limited') {
      return { ok: false, code: 'rate_limited', message: retryMessage(error.retryAfterSeconds) };
    }
    if (error instanceof SignInRefused && error.reason === 'password_reset_required') {
      return { ok: false, code: 'password_reset_required', message: passwordResetMessage };
    }
    if (error instanceof AuthError) return { ok: false, code: 'invalid_credentials', message: wrongCredentialsMessage };
    throw error; // the redirect after a successful sign-in, or a bug
  }
  throw new Error('signIn returned without redirecting');
}
