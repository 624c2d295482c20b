'use server';

import { getLocale } from 'next-intl/server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { reauthWithPassword } from '@/lib/auth/reauth';
import { requireUser } from '@/lib/auth/require-user';
import { outcomeMessages } from '@/lib/email-change/messages';
import { translator } from '@/lib/i18n/translator';
import { cancelPendingChange, requestEmailChange, resendVerification, type RequestResult } from '@/lib/email-change/request';
import { emailChangeSchema, reauthPasswordSchema } from '@/lib/email-change/schema';
import { emailContext, outboxWritten, reauthConfig, recoveryConfig } from '@/lib/email-change/service';
import { confirmWithCode } from '@/lib/email-change/confirm';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { emailChangeOpen } from '@/lib/flags';
import { requestMeta } from '@/lib/request-meta';

export type EmailActionResult =
  | { ok: true; email: string }
  | { ok: false; code: string; message: string; field?: 'email' | 'password'; until?: string; retryAfterSeconds?: number };

async function actor() {
  const user = await requireUser();
  return { user, actor: { userId: user.id, sessionId: user.sessionId, meta: requestMeta(await headers()) } };
}

/** The rollout's answer for new requests (lib/flags); confirming what was already sent is never behind it. */
async function paused(userId: string): Promise<EmailActionResult | null> {
  if (await emailChangeOpen(userId)) return null;
  return { ok: false, code: 'feature_unavailable', message: outcomeMessages(await getLocale()).paused };
}

function present(result: RequestResult, messages: ReturnType<typeof outcomeMessages>): EmailActionResult {
  if (result.ok) {
    outboxWritten();
    return { ok: true, email: result.email };
  }
  switch (result.code) {
    case 'invalid_email':
    case 'same_email':
    case 'email_taken':
      return { ok: false, code: result.code, message: messages[result.code], field: 'email' };
    case 'disposable_email':
      return { ok: false, code: result.code, message: messages.disposable(result.domain, result.suggestion), field: 'email' };
    case 'no_mail_server':
      return { ok: false, code: result.code, message: messages.noMailServer(result.domain, result.suggestion), field: 'email' };
    case 'reauth_required':
    case 'no_pending_request':
    case 'on_hold':
      return { ok: false, code: result.code, message: messages[result.code] };
    case 'locked':
      return { ok: false, code: 'locked', message: messages.locked(result.until), until: result.until.toISOString() };
    case 'rate_limited':
      return { ok: false, code: 'rate_limited', message: messages.rateLimited(result.retryAfterSeconds), retryAfterSeconds: result.retryAfterSeconds };
  }
}

export async function requestEmailChangeAction(input: unknown): Promise<EmailActionResult> {
  const { actor: who } = await actor();
  const refused = await paused(who.userId);
  if (refused) return refused;
  const locale = await getLocale();
  const parsed = emailChangeSchema.safeParse(input);
  if (!parsed.success) {
    const emailIssue = parsed.error.issues.find((issue) => issue.path[0] === 'email');
    // The schema's message is a key; the form translates it as it does its own errors.
    return { ok: false, code: 'invalid_email', message: emailIssue?.message ?? 'validation.emailInvalid', field: 'email' };
  }
  return present(await requestEmailChange(emailContext(), who, parsed.data), outcomeMessages(locale));
}

export async function reauthWithPasswordAction(input: unknown): Promise<EmailActionResult | { ok: true; email: null }> {
  const { actor: who } = await actor();
  const locale = await getLocale();
  const messages = outcomeMessages(locale);
  const parsed = reauthPasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid_password', message: translator(locale)('validation.passwordEmpty'), field: 'password' };
  const result = await reauthWithPassword(db(), { ...who, password: parsed.data.password, now: new Date(), config: reauthConfig() });
  if (result.ok) return { ok: true, email: null };
  switch (result.code) {
    case 'locked':
      return { ok: false, code: 'locked', message: messages.locked(result.until), until: result.until.toISOString() };
    case 'rate_limited':
      return { ok: false, code: 'rate_limited', message: messages.tooManyGuesses(result.retryAfterSeconds), retryAfterSeconds: result.retryAfterSeconds };
    case 'reauth_failed':
      return { ok: false, code: 'reauth_failed', message: messages.reauthFailed(result.attemptsLeft), field: 'password' };
  }
}

/** UC07. A link that has expired is renewed only after the user proves presence again: they are sent to do that first. */
export async function resendAction(idempotencyKey: unknown): Promise<EmailActionResult> {
  const { actor: who } = await actor();
  const refused = await paused(who.userId);
  if (refused) return refused;
  const key = typeof idempotencyKey === 'string' && /^[0-9a-f-]{36}$/i.test(idempotencyKey) ? idempotencyKey : undefined;
  const result = await resendVerification(emailContext(), who, { idempotencyKey: key });
  if (!result.ok && result.code === 'reauth_required') redirect('/profile/email?renew=1');
  return present(result, outcomeMessages(await getLocale()));
}

/** "Withdraw this change" on the profile (the API's DELETE /email-change): the link and code stop working. Needs no re-auth: it only takes a request back. */
export async function withdrawAction() {
  const { actor: who } = await actor();
  await cancelPendingChange(db(), who, new Date());
  redirect('/profile?withdrawn=1');
}

export type CodeActionResult = { ok: false; code: string; message: string };

/** "Enter code" on the profile: the 6-digit code from the e-mail, for when the link opens elsewhere. */
export async function confirmCodeAction(input: unknown): Promise<CodeActionResult> {
  const { actor: who } = await actor();
  const messages = outcomeMessages(await getLocale());
  const typed = typeof input === 'string' ? input.replace(/\s/g, '') : '';
  if (!/^\d{6}$/.test(typed)) return { ok: false, code: 'invalid', message: messages.codeShape };
  const { config } = emailContext();
  const result = await confirmWithCode(db(), { ...who, now: new Date(), recovery: recoveryConfig(), code: typed, codeKey: config.codeKey, maxCodeAttempts: config.maxCodeAttempts });
  switch (result.outcome) {
    case 'verified':
      outboxWritten();
      redirect('/profile?verified=1');
    case 'wrong_code':
      return { ok: false, code: 'wrong_code', message: messages.wrongCode(result.attemptsLeft) };
    case 'code_locked':
      return { ok: false, code: 'code_locked', message: messages.codeLocked };
    case 'expired':
      return { ok: false, code: 'expired', message: messages.codeExpired };
    case 'address_taken':
      return { ok: false, code: 'address_taken', message: messages.email_taken };
    case 'used':
    case 'superseded':
    case 'invalid':
      return { ok: false, code: 'invalid', message: messages.no_pending_request };
  }
}
