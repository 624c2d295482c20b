'use server';

import { getTranslations } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { newPasswordSchema } from '@/lib/auth/schema';
import { db } from '@/lib/db';
import { passwordStep, reopenPasswordStep, setRecoveredPassword, undoChange } from '@/lib/email-change/recovery';
import { outboxWritten, recoveryConfig } from '@/lib/email-change/service';
import { env } from '@/lib/env';
import { requestMeta } from '@/lib/request-meta';

/** Carries the set-password step's token from the undo to the next page; never in a URL. */
const stepCookie = 'wallet-recovery';

async function openPasswordStep(token: string) {
  (await cookies()).set(stepCookie, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: new URL(env().APP_URL).protocol === 'https:',
    path: '/recover-email',
    maxAge: recoveryConfig().passwordStepTtlMs / 1000,
  });
}

const tokenFrom = (formData: unknown) => (formData instanceof FormData ? formData.get('token') : null);

/** "Undo this change" (no sign-in): restores, signs everyone out, holds changes, then asks for a new password. */
export async function undoChangeAction(formData: unknown) {
  const result = await undoChange(db(), { token: tokenFrom(formData), meta: requestMeta(await headers()), now: new Date(), config: recoveryConfig() });
  if (result.outcome !== 'undone' && result.outcome !== 'conflict') redirect(`/recover-email/result?outcome=${result.outcome}`);
  outboxWritten();
  await openPasswordStep(result.passwordToken);
  redirect(`/recover-email/password${result.outcome === 'conflict' ? '?conflict=1' : ''}`);
}

/** Back on a used link before a new password was set: the step opens again. */
export async function continueToPasswordAction(formData: unknown) {
  const reopened = await reopenPasswordStep(db(), { token: tokenFrom(formData), now: new Date() });
  if (!reopened.ok) redirect('/recover-email/result?outcome=used');
  await openPasswordStep(reopened.passwordToken);
  redirect('/recover-email/password');
}

export type NewPasswordResult = { ok: false; field?: 'password' | 'confirm'; message: string };

/** The owner's new password. On success the step's cookie goes and the owner signs in with it. */
export async function setPasswordAction(input: unknown): Promise<NewPasswordResult> {
  const t = await getTranslations('recover');
  const parsed = newPasswordSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // The schema's message is a key; the form says it in the page's language.
    return { ok: false, field: issue.path[0] === 'confirm' ? 'confirm' : 'password', message: issue.message };
  }
  const jar = await cookies();
  const token = jar.get(stepCookie)?.value;
  const now = new Date();
  const step = await passwordStep(db(), token, now, recoveryConfig());
  if (!step) return { ok: false, message: t('stepExpired') };
  const user = await db().user.findUniqueOrThrow({ where: { id: step.userId }, select: { passwordHash: true } });
  if (await verifyPassword(user.passwordHash, parsed.data.password)) {
    return { ok: false, field: 'password', message: t('oldPassword') };
  }
  const done = await setRecoveredPassword(db(), { token, passwordHash: await hashPassword(parsed.data.password), meta: requestMeta(await headers()), now, config: recoveryConfig() });
  if (!done) return { ok: false, message: t('stepExpired') };
  jar.delete({ name: stepCookie, path: '/recover-email' });
  redirect('/sign-in?recovered=1');
}
