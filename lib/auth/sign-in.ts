/**
 * Password sign-in: the rule behind the credentials provider and the mobile app's
 * session endpoint. Guesses are limited per mobile number (a success clears the
 * count) and per IP. Each guess is reserved in both counters *before* the password
 * is checked, so any number of parallel guesses checks at most the limit; a success
 * gives its point back. Every checked guess, and the first refusal of a window, is
 * audited.
 */
import { RateLimiterPrisma, type RateLimiterRes } from 'rate-limiter-flexible';
import { audit } from '@/lib/audit';
import { isRefusal, retryAfterSeconds } from '@/lib/rate-limit';
import type { Db } from '@/lib/db';
import type { Session } from '@/lib/generated/prisma/client';
import type { Role, SessionKind } from '@/lib/generated/prisma/enums';
import { normalizeMobileNumber } from '@/lib/mobile-number';
import type { RequestMeta } from '@/lib/request-meta';
import { hashPassword, needsRehash, verifyPassword } from '@/lib/auth/password';
import type { SignInInput } from '@/lib/auth/schema';
import { startSession, type SessionConfig } from '@/lib/auth/sessions';

export interface SignInLimitConfig {
  maxFailuresPerAccount: number;
  accountBlockSeconds: number;
  maxFailuresPerIp: number;
  ipWindowSeconds: number;
}

export interface SignInLimits {
  account: RateLimiterPrisma;
  ip: RateLimiterPrisma;
}

export function createSignInLimits(db: Db, config: SignInLimitConfig): SignInLimits {
  const common = { storeClient: db, tableName: 'rateLimit', clearExpiredByTimeout: false };
  return {
    account: new RateLimiterPrisma({ ...common, keyPrefix: 'signin_account', points: config.maxFailuresPerAccount, duration: config.accountBlockSeconds }),
    ip: new RateLimiterPrisma({ ...common, keyPrefix: 'signin_ip', points: config.maxFailuresPerIp, duration: config.ipWindowSeconds }),
  };
}

export interface SignedInUser {
  id: string;
  displayName: string;
  role: Role;
  locale: string | null;
}

export type SignInResult =
  | { ok: true; user: SignedInUser; session: Session; token: string | null }
  | { ok: false; code: 'invalid_credentials' | 'password_reset_required' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

type Reservation = { ok: true } | { ok: false; refusal: RateLimiterRes };

/** Takes one guess from `limiter` for `key`; refused once the window's guesses are used up. */
async function reserve(limiter: RateLimiterPrisma, key: string): Promise<Reservation> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (refusal) {
    if (isRefusal(refusal)) return { ok: false, refusal };
    throw refusal;
  }
}

export async function signInWithPassword(
  db: Db,
  limits: SignInLimits,
  input: SignInInput,
  context: { kind: SessionKind; meta: RequestMeta; now: Date; config: SessionConfig },
): Promise<SignInResult> {
  const { meta, now } = context;
  // An unparseable number still counts against the IP, under a key of its own.
  const mobileNumber = normalizeMobileNumber(input.mobileNumber) ?? `invalid:${input.mobileNumber.slice(0, 20)}`;
  const [account, ip] = await Promise.all([reserve(limits.account, mobileNumber), reserve(limits.ip, meta.ip)]);
  if (!account.ok || !ip.ok) {
    // Nothing was checked: the counter that did give a guess gets it back.
    if (account.ok) await limits.account.reward(mobileNumber);
    if (ip.ok) await limits.ip.reward(meta.ip);
    const refused = account.ok ? (ip as { refusal: RateLimiterRes }).refusal : account.refusal;
    const limiter = account.ok ? limits.ip : limits.account;
    // One event per window, not one per refused request: refusals cost the attacker nothing.
    if (refused.consumedPoints === limiter.points + 1) {
      const user = await db.user.findUnique({ where: { mobileNumber }, select: { id: true } });
      await audit(db, { type: 'auth.sign_in_refused', userId: user?.id ?? null, actor: 'system', meta, detail: { limit: account.ok ? 'ip' : 'account' }, at: now });
    }
    return { ok: false, code: 'rate_limited', retryAfterSeconds: retryAfterSeconds(refused) };
  }

  const user = await db.user.findUnique({ where: { mobileNumber } });
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !valid) {
    const actor = user ? `user:${user.id}` : 'anonymous';
    await audit(db, { type: 'auth.sign_in_failed', userId: user?.id ?? null, actor, meta, detail: { via: context.kind, reason: user ? 'wrong_password' : 'unknown_account' }, at: now });
    return { ok: false, code: 'invalid_credentials' };
  }

  await Promise.all([limits.account.delete(mobileNumber), limits.ip.reward(meta.ip)]);
  // After an undo ("this wasn't me") the old password is the intruder's as much as the
  // owner's: refused until the owner sets a new one (said only to whoever knows it).
  if (user.passwordResetRequired) {
    await audit(db, { type: 'auth.sign_in_refused', userId: user.id, actor: `user:${user.id}`, meta, detail: { reason: 'password_reset_required' }, at: now });
    return { ok: false, code: 'password_reset_required' };
  }
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.password) } });
  }
  const { session, token } = await startSession(db, { userId: user.id, ...context });
  await audit(db, {
    type: context.kind === 'APP' ? 'api_token.issued' : 'auth.signed_in',
    userId: user.id,
    actor: `user:${user.id}`,
    meta,
    detail: { sessionId: session.id, device: session.device },
    at: now,
  });
  return { ok: true, user: { id: user.id, displayName: user.displayName, role: user.role, locale: user.locale }, session, token };
}
