/**
 * Re-authentication before an e-mail change (UC03) and its lock-out (UC05).
 *
 * A guard, not a tally: each guess (a password, or a passkey assertion that is about
 * to be verified) is *reserved* in the account's row before the secret is checked,
 * by one conditional statement that refuses once the window's guesses are taken or
 * the account is locked. So parallel guesses, on one server or several, never check
 * more secrets than the limit. A wrong guess is audited and may set the lock; a right
 * one re-checks the lock in the same transaction that opens the session's privileged
 * window, so a guess that raced a lock is refused. Counters live in the database, so
 * every instance agrees.
 */
import { RateLimiterPrisma } from 'rate-limiter-flexible';
import { audit } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { verifyPassword } from '@/lib/auth/password';
import { isRefusal, retryAfterSeconds } from '@/lib/rate-limit';
import type { RequestMeta } from '@/lib/request-meta';

export interface ReauthConfig {
  windowMs: number;
  maxFailures: number;
  failureWindowMs: number;
  lockMs: number;
  /** Guesses one IP may have checked per window, across every account (a success gives its guess back). */
  maxFailuresPerIp: number;
  ipWindowMs: number;
}

export type ReauthStatus =
  | { state: 'privileged'; until: Date }
  | { state: 'required'; attemptsLeft: number }
  | { state: 'locked'; until: Date };

export type ReauthResult =
  | { ok: true; until: Date }
  | { ok: false; code: 'reauth_failed'; attemptsLeft: number }
  | { ok: false; code: 'locked'; until: Date }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

export type GuardState = { failures: number; windowStartedAt: Date | null; lockedUntil: Date | null };

const windowOpen = (state: GuardState | null, now: Date, config: ReauthConfig) =>
  state?.windowStartedAt != null && now.getTime() - state.windowStartedAt.getTime() < config.failureWindowMs;

/** Guesses taken in the current window (reserved or failed). */
export const guessesTaken = (state: GuardState | null, now: Date, config: ReauthConfig) => (windowOpen(state, now, config) ? state!.failures : 0);

export function statusOf(state: GuardState | null, privilegedUntil: Date | null, now: Date, config: ReauthConfig): ReauthStatus {
  if (state?.lockedUntil && state.lockedUntil > now) return { state: 'locked', until: state.lockedUntil };
  if (privilegedUntil && privilegedUntil > now) return { state: 'privileged', until: privilegedUntil };
  return { state: 'required', attemptsLeft: Math.max(0, config.maxFailures - guessesTaken(state, now, config)) };
}

/** The account's lock and this session's window, in one read. */
export async function reauthStatus(db: Db, userId: string, sessionId: string, now: Date, config: ReauthConfig): Promise<ReauthStatus> {
  const [row] = await db.$queryRaw<(GuardState & { privilegedUntil: Date | null })[]>`
    SELECT r.failures, r.window_started_at AS "windowStartedAt", r.locked_until AS "lockedUntil", s.privileged_until AS "privilegedUntil"
    FROM (SELECT 1) AS one
    LEFT JOIN reauth_states r ON r.user_id = ${userId}::uuid
    LEFT JOIN sessions s ON s.id = ${sessionId}::uuid AND s.user_id = ${userId}::uuid AND s.ended_at IS NULL`;
  const state = row?.failures == null ? null : row;
  return statusOf(state, row?.privilegedUntil ?? null, now, config);
}

export type Reservation = { ok: true } | { ok: false; code: 'locked'; until: Date } | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

const ipLimiter = (db: Db, config: ReauthConfig) =>
  new RateLimiterPrisma({ storeClient: db, tableName: 'rateLimit', clearExpiredByTimeout: false, keyPrefix: 'reauth_ip', points: config.maxFailuresPerIp, duration: config.ipWindowMs / 1000 });

/**
 * Reserves a guess from the caller's IP (one address trying many accounts), then from
 * the account; when the account refuses, the IP gets its guess back: nothing was checked.
 */
export async function reserveGuesses(db: Db, userId: string, ip: string, now: Date, config: ReauthConfig): Promise<Reservation> {
  const limiter = ipLimiter(db, config);
  try {
    await limiter.consume(ip);
  } catch (refusal) {
    if (isRefusal(refusal)) return { ok: false, code: 'rate_limited', retryAfterSeconds: retryAfterSeconds(refusal) };
    throw refusal;
  }
  const reserved = await reserveGuess(db, userId, now, config);
  if (!reserved.ok) await limiter.reward(ip);
  return reserved;
}

/** A right guess costs its IP nothing. */
const giveBackIpGuess = (db: Db, ip: string, config: ReauthConfig) => ipLimiter(db, config).reward(ip);

/**
 * Takes one guess for `userId`, before any secret is checked. One statement: it
 * opens a new window when the last one ran out, and takes nothing when the account
 * is locked or the window's guesses are all taken (some may still be in flight).
 */
export async function reserveGuess(db: Db, userId: string, now: Date, config: ReauthConfig): Promise<Extract<Reservation, { ok: true } | { code: 'locked' }>> {
  const windowStart = new Date(now.getTime() - config.failureWindowMs);
  const taken = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO reauth_states AS r (user_id, failures, window_started_at) VALUES (${userId}::uuid, 1, ${now})
    ON CONFLICT (user_id) DO UPDATE SET
      failures = CASE WHEN r.window_started_at IS NULL OR r.window_started_at <= ${windowStart} THEN 1 ELSE r.failures + 1 END,
      window_started_at = CASE WHEN r.window_started_at IS NULL OR r.window_started_at <= ${windowStart} THEN ${now} ELSE r.window_started_at END
    WHERE (r.locked_until IS NULL OR r.locked_until <= ${now})
      AND (r.window_started_at IS NULL OR r.window_started_at <= ${windowStart} OR r.failures < ${config.maxFailures})
    RETURNING failures`;
  if (taken.length === 1) return { ok: true };
  const state = await db.reauthState.findUnique({ where: { userId }, select: { lockedUntil: true } });
  // Every guess of the window is taken and still being checked: it is as good as locked.
  const until = state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : new Date(now.getTime() + config.lockMs);
  return { ok: false, code: 'locked', until };
}

type Tx = Prisma.TransactionClient;

async function lockedRow(tx: Tx, userId: string) {
  const [state] = await tx.$queryRaw<GuardState[]>`
    SELECT failures, window_started_at AS "windowStartedAt", locked_until AS "lockedUntil"
    FROM reauth_states WHERE user_id = ${userId}::uuid FOR UPDATE`;
  return state ?? null;
}

/**
 * A checked guess was wrong: audited, and when the window's guesses are used up the
 * account locks (once, however many wrong guesses finish together).
 */
export async function recordFailedGuess(
  db: Db,
  input: { userId: string; method: string; meta: RequestMeta; now: Date; config: ReauthConfig },
): Promise<Exclude<ReauthResult, { ok: true }>> {
  const { userId, now, config } = input;
  return db.$transaction(async (tx) => {
    const state = await lockedRow(tx, userId);
    const taken = guessesTaken(state, now, config);
    await audit(tx, { type: 'reauth.failed', userId, actor: `user:${userId}`, meta: input.meta, detail: { method: input.method, failures: taken }, at: now });
    if (state?.lockedUntil && state.lockedUntil > now) return { ok: false, code: 'locked', until: state.lockedUntil };
    if (taken >= config.maxFailures) {
      const until = new Date(now.getTime() + config.lockMs);
      await tx.reauthState.update({ where: { userId }, data: { failures: 0, windowStartedAt: null, lockedUntil: until } });
      await audit(tx, { type: 'reauth.locked', userId, actor: 'system', meta: input.meta, detail: { until: until.toISOString() }, at: now });
      return { ok: false, code: 'locked', until };
    }
    return { ok: false, code: 'reauth_failed', attemptsLeft: config.maxFailures - taken };
  });
}

/**
 * A checked guess was right. In one transaction: the lock is re-checked (a parallel
 * wrong guess may have set it meanwhile; then this one is refused and audited as
 * such), the account's counts are cleared and this session's privileged window opens.
 */
export async function recordRightGuess(
  db: Db,
  input: { userId: string; sessionId: string; method: string; meta: RequestMeta; now: Date; config: ReauthConfig },
): Promise<ReauthResult> {
  const { userId, now, config } = input;
  const until = new Date(now.getTime() + config.windowMs);
  const result = await db.$transaction(async (tx): Promise<ReauthResult> => {
    const state = await lockedRow(tx, userId);
    const base = { userId, actor: `user:${userId}`, meta: input.meta, at: now };
    if (state?.lockedUntil && state.lockedUntil > now) {
      await audit(tx, { ...base, type: 'reauth.refused', detail: { method: input.method, reason: 'locked' } });
      return { ok: false, code: 'locked', until: state.lockedUntil };
    }
    await tx.reauthState.upsert({
      where: { userId },
      create: { userId },
      update: { failures: 0, windowStartedAt: null, lockedUntil: null, biometricFailures: 0, biometricBlockedUntil: null },
    });
    const opened = await tx.session.updateMany({ where: { id: input.sessionId, userId, endedAt: null }, data: { privilegedUntil: until } });
    // The session ended while its password was being checked (signed out elsewhere): nothing to open.
    if (opened.count !== 1) return { ok: false, code: 'reauth_failed', attemptsLeft: config.maxFailures };
    await audit(tx, { ...base, type: 'reauth.ok', detail: { method: input.method } });
    return { ok: true, until };
  });
  if (result.ok) await giveBackIpGuess(db, input.meta.ip, config);
  return result;
}

export async function reauthWithPassword(
  db: Db,
  input: { userId: string; sessionId: string; password: string; meta: RequestMeta; now: Date; config: ReauthConfig },
): Promise<ReauthResult> {
  const reserved = await reserveGuesses(db, input.userId, input.meta.ip, input.now, input.config);
  if (!reserved.ok) return reserved;
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { passwordHash: true } });
  if (user && (await verifyPassword(user.passwordHash, input.password))) return recordRightGuess(db, { ...input, method: 'password' });
  return recordFailedGuess(db, { ...input, method: 'password' });
}

/** Forgets the account's guesses and lock: after support's unlock, or once a recovery has replaced the password. */
export function forgetGuesses(tx: Pick<Tx, 'reauthState'>, userId: string) {
  return tx.reauthState.updateMany({ where: { userId }, data: { failures: 0, windowStartedAt: null, lockedUntil: null } });
}

/**
 * Support's unlock (UC05): clears the lock and the count, and says who did it.
 * False when there is no such account (nothing to unlock, nothing recorded).
 */
export async function unlockReauth(db: Db, input: { userId: string; staffId: string; meta: RequestMeta; now: Date }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } }))) return false;
    await forgetGuesses(tx, input.userId);
    await audit(tx, { type: 'reauth.unlocked', userId: input.userId, actor: `staff:${input.staffId}`, meta: input.meta, at: input.now });
    return true;
  });
}
