/**
 * Password sign-in: the rule behind the credentials provider and the mobile
 * app's session endpoint. Failures are counted per mobile number (a success
 * clears them) and per IP; once either count reaches its limit inside its
 * window, sign-in is refused until that window ends.
 */
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '@/lib/db';
import type { Role } from '@/lib/generated/prisma/enums';
import { normalizeMobileNumber } from '@/lib/mobile-number';
import { hashPassword, needsRehash, verifyPassword } from '@/lib/auth/password';
import type { SignInInput } from '@/lib/auth/schema';

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
    account: new RateLimiterPrisma({
      ...common,
      keyPrefix: 'signin_account',
      points: config.maxFailuresPerAccount,
      duration: config.accountBlockSeconds,
    }),
    ip: new RateLimiterPrisma({
      ...common,
      keyPrefix: 'signin_ip',
      points: config.maxFailuresPerIp,
      duration: config.ipWindowSeconds,
    }),
  };
}

export interface SignedInUser {
  id: string;
  displayName: string;
  role: Role;
  sessionVersion: number;
}

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; code: 'invalid_credentials' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

const secondsUntil = (res: RateLimiterRes | null) => Math.ceil(Math.max(res?.msBeforeNext ?? 0, 1000) / 1000);

function exhausted(res: RateLimiterRes | null, limit: number) {
  return res !== null && res.consumedPoints >= limit;
}

export async function signInWithPassword(
  db: Db,
  limits: SignInLimits,
  input: SignInInput,
  ip: string,
): Promise<SignInResult> {
  // An unparseable number still counts against the IP, under a key of its own.
  const mobileNumber = normalizeMobileNumber(input.mobileNumber) ?? `invalid:${input.mobileNumber.slice(0, 20)}`;
  const [accountState, ipState] = await Promise.all([limits.account.get(mobileNumber), limits.ip.get(ip)]);
  for (const [state, limiter] of [
    [accountState, limits.account],
    [ipState, limits.ip],
  ] as const) {
    if (exhausted(state, limiter.points)) return { ok: false, code: 'rate_limited', retryAfterSeconds: secondsUntil(state) };
  }

  const user = await db.user.findUnique({ where: { mobileNumber } });
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !valid) {
    await Promise.all([limits.account.penalty(mobileNumber), limits.ip.penalty(ip)]);
    return { ok: false, code: 'invalid_credentials' };
  }

  await limits.account.delete(mobileNumber);
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.password) } });
  }
  return {
    ok: true,
    user: { id: user.id, displayName: user.displayName, role: user.role, sessionVersion: user.sessionVersion },
  };
}
