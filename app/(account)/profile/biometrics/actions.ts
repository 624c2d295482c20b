'use server';

import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { getLocale } from 'next-intl/server';
import { headers } from 'next/headers';
import { z } from 'zod';
import {
  recordBiometricCancelled,
  reauthOptions,
  reauthWithPasskey,
  registerPasskey,
  registrationOptions,
  removePasskey,
  type BiometricResult,
} from '@/lib/auth/passkeys';
import { reauthStatus } from '@/lib/auth/reauth';
import { requireUser } from '@/lib/auth/require-user';
import { webAuthnResponseSchema } from '@/lib/auth/schema';
import { db } from '@/lib/db';
import { outcomeMessages } from '@/lib/email-change/messages';
import { translator } from '@/lib/i18n/translator';
import { passkeyConfig, reauthConfig } from '@/lib/email-change/service';
import { env } from '@/lib/env';
import { requestMeta } from '@/lib/request-meta';

type Failure = { ok: false; code: string; message: string };

const passkeyName = z.string().trim().min(1).max(60);

async function who() {
  const user = await requireUser();
  return { user, meta: requestMeta(await headers()), now: new Date() };
}

async function words() {
  const locale = await getLocale();
  return { messages: outcomeMessages(locale), t: translator(locale) };
}

async function biometricMessage(result: Exclude<BiometricResult, { ok: true }>): Promise<Failure> {
  const { messages, t } = await words();
  switch (result.code) {
    case 'locked':
      return { ok: false, code: 'locked', message: messages.locked(result.until) };
    case 'biometrics_blocked':
      return { ok: false, code: 'biometrics_blocked', message: t('biometrics.blocked') };
    case 'no_passkeys':
      return { ok: false, code: 'no_passkeys', message: t('biometrics.none') };
    case 'rate_limited':
      return { ok: false, code: 'rate_limited', message: messages.tooManyGuesses(result.retryAfterSeconds) };
    case 'biometric_failed':
    case 'reauth_failed':
      return { ok: false, code: 'biometric_failed', message: t('biometrics.failed') };
  }
}

export async function passkeyRegistrationOptionsAction() {
  const { user, now } = await who();
  const { messages } = await words();
  const status = await reauthStatus(db(), user.id, user.sessionId, now, reauthConfig());
  if (status.state === 'locked') return { ok: false as const, code: 'locked', message: messages.locked(status.until) };
  if (status.state !== 'privileged') return { ok: false as const, code: 'reauth_required', message: messages.reauth_required };
  return { ok: true as const, options: await registrationOptions(db(), user, now, passkeyConfig()) };
}

export async function registerPasskeyAction(response: unknown, name: unknown): Promise<{ ok: true } | Failure> {
  const { user, meta, now } = await who();
  const parsed = webAuthnResponseSchema.safeParse(response);
  const label = passkeyName.safeParse(name);
  const { t } = await words();
  if (!parsed.success || !label.success) return { ok: false, code: 'invalid_input', message: t('biometrics.invalidInput') };
  const result = await registerPasskey(db(), { userId: user.id, response: parsed.data as unknown as RegistrationResponseJSON, name: label.data, meta, now, config: passkeyConfig() });
  return result.ok ? { ok: true } : { ok: false, code: result.code, message: t('biometrics.notSetUp') };
}

export async function removePasskeyAction(passkeyId: unknown): Promise<{ ok: boolean }> {
  const { user, meta, now } = await who();
  if (typeof passkeyId !== 'string' || passkeyId.length > 1024) return { ok: false };
  return { ok: await removePasskey(db(), { userId: user.id, passkeyId, meta, now }) };
}

export async function passkeyReauthOptionsAction() {
  const { user, now } = await who();
  const result = await reauthOptions(db(), user.id, now, passkeyConfig());
  return result.ok ? result : biometricMessage(result);
}

export async function passkeyReauthAction(response: unknown): Promise<{ ok: true } | Failure> {
  const { user, meta, now } = await who();
  const parsed = webAuthnResponseSchema.safeParse(response);
  const input = { userId: user.id, sessionId: user.sessionId, meta, now, config: passkeyConfig() };
  if (!parsed.success) return biometricMessage({ ok: false, code: 'biometric_failed' });
  const result = await reauthWithPasskey(db(), { ...input, response: parsed.data as unknown as AuthenticationResponseJSON });
  return result.ok ? { ok: true } : biometricMessage(result);
}

/**
 * The browser refused or the user cancelled (NotAllowedError, time-out): nothing was
 * checked, so it is recorded for support and counts towards no limit.
 */
export async function biometricFailedAction(reason: unknown): Promise<Failure> {
  const { user, meta, now } = await who();
  const label = typeof reason === 'string' ? reason.replace(/[^A-Za-z_]/g, '').slice(0, 40) || 'unknown' : 'unknown';
  await recordBiometricCancelled(db(), { userId: user.id, reason: label, meta, now });
  return biometricMessage({ ok: false, code: 'biometric_failed' });
}
