/**
 * Passkeys ("biometrics"): WebAuthn platform credentials with user verification,
 * through @simplewebauthn/server. Challenges are stored server-side, single use
 * and short-lived; the signature counter must move forward. An assertion that is
 * verified and fails is a checked guess: it is reserved before verification and
 * counts towards the re-auth lock-out (UC05); after BIOMETRIC_MAX_FAILURES in a row
 * biometrics are refused for a while and the password is required (NIST SP
 * 800-63B-4 §3.2.3). A cancelled or unavailable prompt checks nothing and counts
 * towards nothing, so nobody can lock an owner out without guessing.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { audit } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { recordFailedGuess, recordRightGuess, reserveGuesses, statusOf, type ReauthConfig, type ReauthResult } from '@/lib/auth/reauth';
import type { RequestMeta } from '@/lib/request-meta';

export interface PasskeyConfig {
  rpID: string;
  rpName: string;
  origin: string;
  challengeTtlMs: number;
  maxBiometricFailures: number;
  biometricBlockMs: number;
  reauth: ReauthConfig;
}

type Purpose = 'register' | 'reauth';

async function storeChallenge(db: Db, userId: string, purpose: Purpose, challenge: string, now: Date, config: PasskeyConfig) {
  await db.webAuthnChallenge.create({ data: { userId, purpose, challenge, expiresAt: new Date(now.getTime() + config.challengeTtlMs) } });
}

/** The challenge the browser signed, consumed now; null when it is unknown, used, expired or someone else's. */
async function consumeChallenge(db: Db, userId: string, purpose: Purpose, clientDataJSON: unknown, now: Date) {
  let challenge: unknown;
  try {
    challenge = JSON.parse(Buffer.from(String(clientDataJSON), 'base64url').toString('utf8')).challenge;
  } catch {
    return null;
  }
  if (typeof challenge !== 'string' || challenge.length > 256) return null;
  const used = await db.webAuthnChallenge.updateMany({
    where: { challenge, userId, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return used.count === 1 ? challenge : null;
}

export async function registrationOptions(
  db: Db,
  user: { id: string; mobileNumber: string; displayName: string },
  now: Date,
  config: PasskeyConfig,
) {
  const existing = await db.passkey.findMany({ where: { userId: user.id }, select: { id: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: config.rpName,
    rpID: config.rpID,
    userName: user.mobileNumber,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((key) => ({ id: key.id, transports: key.transports as AuthenticatorTransport[] })),
    authenticatorSelection: { authenticatorAttachment: 'platform', residentKey: 'preferred', userVerification: 'required' },
    timeout: config.challengeTtlMs,
  });
  await storeChallenge(db, user.id, 'register', options.challenge, now, config);
  return options;
}

export type RegisterResult = { ok: true; id: string } | { ok: false; code: 'challenge_invalid' | 'verification_failed' };

export async function registerPasskey(
  db: Db,
  input: { userId: string; response: RegistrationResponseJSON; name: string; meta: RequestMeta; now: Date; config: PasskeyConfig },
): Promise<RegisterResult> {
  const { config, now } = input;
  const challenge = await consumeChallenge(db, input.userId, 'register', input.response?.response?.clientDataJSON, now);
  if (!challenge) return { ok: false, code: 'challenge_invalid' };
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: config.origin,
    expectedRPID: config.rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified || !verification.registrationInfo) return { ok: false, code: 'verification_failed' };
  const { credential, credentialBackedUp } = verification.registrationInfo;
  await db.$transaction(async (tx) => {
    await tx.passkey.create({
      data: {
        id: credential.id,
        userId: input.userId,
        name: input.name.trim().slice(0, 60) || 'Passkey',
        publicKey: Buffer.from(credential.publicKey),
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        backedUp: credentialBackedUp,
        createdAt: now,
      },
    });
    await audit(tx, { type: 'passkey.added', userId: input.userId, actor: `user:${input.userId}`, meta: input.meta, detail: { passkeyId: credential.id }, at: now });
  });
  return { ok: true, id: credential.id };
}

export async function removePasskey(db: Db, input: { userId: string; passkeyId: string; meta: RequestMeta; now: Date }) {
  return db.$transaction(async (tx) => {
    const removed = await tx.passkey.deleteMany({ where: { id: input.passkeyId, userId: input.userId } });
    if (removed.count === 1) {
      await audit(tx, { type: 'passkey.removed', userId: input.userId, actor: `user:${input.userId}`, meta: input.meta, detail: { passkeyId: input.passkeyId }, at: input.now });
    }
    return removed.count === 1;
  });
}

export type BiometricRefusal =
  | { ok: false; code: 'no_passkeys' }
  | { ok: false; code: 'biometrics_blocked'; until: Date }
  | { ok: false; code: 'locked'; until: Date };

async function biometricRefusal(db: Db, userId: string, now: Date, config: PasskeyConfig): Promise<BiometricRefusal | null> {
  const state = await db.reauthState.findUnique({ where: { userId } });
  const status = statusOf(state, null, now, config.reauth);
  if (status.state === 'locked') return { ok: false, code: 'locked', until: status.until };
  if (state?.biometricBlockedUntil && state.biometricBlockedUntil > now) return { ok: false, code: 'biometrics_blocked', until: state.biometricBlockedUntil };
  return null;
}

export async function reauthOptions(db: Db, userId: string, now: Date, config: PasskeyConfig) {
  const refusal = await biometricRefusal(db, userId, now, config);
  if (refusal) return refusal;
  const keys = await db.passkey.findMany({ where: { userId }, select: { id: true, transports: true } });
  if (keys.length === 0) return { ok: false as const, code: 'no_passkeys' as const };
  const options = await generateAuthenticationOptions({
    rpID: config.rpID,
    userVerification: 'required',
    allowCredentials: keys.map((key) => ({ id: key.id, transports: key.transports as AuthenticatorTransport[] })),
    timeout: config.challengeTtlMs,
  });
  await storeChallenge(db, userId, 'reauth', options.challenge, now, config);
  return { ok: true as const, options };
}

export type BiometricResult = ReauthResult | { ok: false; code: 'biometric_failed' } | BiometricRefusal;

/**
 * Takes one biometric try before an assertion is verified (the same guard as the
 * password's, for the run of biometric failures that blocks biometrics).
 */
async function reserveBiometricTry(db: Db, userId: string, now: Date, config: PasskeyConfig) {
  const taken = await db.$queryRaw<{ biometricFailures: number }[]>`
    INSERT INTO reauth_states AS r (user_id, biometric_failures) VALUES (${userId}::uuid, 1)
    ON CONFLICT (user_id) DO UPDATE SET biometric_failures = r.biometric_failures + 1
    WHERE (r.biometric_blocked_until IS NULL OR r.biometric_blocked_until <= ${now}) AND r.biometric_failures < ${config.maxBiometricFailures}
    RETURNING biometric_failures AS "biometricFailures"`;
  return taken.length === 1;
}

/**
 * A passkey assertion was verified and failed (wrong signature, replayed counter): a
 * checked guess. It counts towards the re-auth lock-out (UC05) and towards the run of
 * biometric failures; at that limit biometrics are refused for a while.
 */
async function recordFailedAssertion(db: Db, input: { userId: string; reason: string; meta: RequestMeta; now: Date; config: PasskeyConfig }): Promise<BiometricResult> {
  const { userId, now, config } = input;
  const result = await recordFailedGuess(db, { userId, method: `passkey:${input.reason}`, meta: input.meta, now, config: config.reauth });
  const until = new Date(now.getTime() + config.biometricBlockMs);
  const blocked = await db.reauthState.updateMany({
    where: { userId, biometricFailures: { gte: config.maxBiometricFailures }, OR: [{ biometricBlockedUntil: null }, { biometricBlockedUntil: { lte: now } }] },
    data: { biometricFailures: 0, biometricBlockedUntil: until },
  });
  if (result.code === 'locked') return result;
  return blocked.count === 1 ? { ok: false, code: 'biometrics_blocked', until } : { ok: false, code: 'biometric_failed' };
}

/**
 * The device could not confirm it is the user (cancelled, timed out, no biometrics):
 * reported by the browser, so nothing was checked. It is recorded for support and
 * counts towards no limit: a prompt anyone can cancel must not lock the owner out.
 */
export async function recordBiometricCancelled(db: Db, input: { userId: string; reason: string; meta: RequestMeta; now: Date }) {
  await audit(db, { type: 'reauth.cancelled', userId: input.userId, actor: `user:${input.userId}`, meta: input.meta, detail: { method: 'passkey', reason: input.reason.slice(0, 40) }, at: input.now });
}

export async function reauthWithPasskey(
  db: Db,
  input: { userId: string; sessionId: string; response: AuthenticationResponseJSON; meta: RequestMeta; now: Date; config: PasskeyConfig },
): Promise<BiometricResult> {
  const { userId, now, config } = input;
  const refusal = await biometricRefusal(db, userId, now, config);
  if (refusal) return refusal;
  // An assertion for no challenge we issued, or for a passkey this account does not have,
  // checks nothing: refused, and not counted.
  const challenge = await consumeChallenge(db, userId, 'reauth', input.response?.response?.clientDataJSON, now);
  const passkey = challenge && (await db.passkey.findFirst({ where: { id: String(input.response.id), userId } }));
  if (!challenge || !passkey) {
    await recordBiometricCancelled(db, { userId, reason: challenge ? 'unknown_credential' : 'challenge_invalid', meta: input.meta, now });
    return { ok: false, code: 'biometric_failed' };
  }
  if (!(await reserveBiometricTry(db, userId, now, config))) {
    const blocked = await biometricRefusal(db, userId, now, config);
    return blocked ?? { ok: false, code: 'biometrics_blocked', until: new Date(now.getTime() + config.biometricBlockMs) };
  }
  const reserved = await reserveGuesses(db, userId, input.meta.ip, now, config.reauth);
  if (!reserved.ok) return reserved;

  const verification = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: config.origin,
    expectedRPID: config.rpID,
    requireUserVerification: true,
    credential: {
      id: passkey.id,
      publicKey: new Uint8Array(passkey.publicKey),
      counter: Number(passkey.counter),
      transports: passkey.transports as AuthenticatorTransport[],
    },
  }).catch(() => null);
  const fail = (reason: string) => recordFailedAssertion(db, { userId, reason, meta: input.meta, now, config });
  if (!verification?.verified) return fail('verification_failed');
  // Only forward: a repeated or lower counter means a cloned authenticator (both 0 = no counter kept).
  const { newCounter } = verification.authenticationInfo;
  const counter = newCounter === 0 ? { equals: BigInt(0) } : { lt: BigInt(newCounter) };
  const moved = await db.passkey.updateMany({ where: { id: passkey.id, counter }, data: { counter: BigInt(newCounter), lastUsedAt: now } });
  if (moved.count !== 1) return fail('counter_replayed');
  return recordRightGuess(db, { userId, sessionId: input.sessionId, method: 'passkey', meta: input.meta, now, config: config.reauth });
}
