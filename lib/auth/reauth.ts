/**
 * Re-authentication before an e-mail change (UC03) and its lock-out (UC05).
 * Failures are counted per account in the database, so every server instance
 * agrees; a success clears them and opens a short privileged window for the
 * session that proved itself.
 */
import { audit } from '@/lib/audit';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { verifyPassword } from '@/lib/auth/password';
import type { RequestMeta } from '@/lib/request-meta';

export interface ReauthConfig {
  windowMs: number;
  maxFailures: number;
  failureWindowMs: number;
  lockMs: number;
}

export type ReauthStatus =
  | { state: 'privileged'; until: Date }
  | { state: 'required'; attemptsLeft: number }
  | { state: 'locked'; until: Date };

export type ReauthResult =
  | { ok: true; until: Date }
  | { ok: false; code: 'reauth_failed'; attemptsLeft: number }
  | { ok: false; code: 'locked'; until: Date };

type State = { failures: number; windowStartedAt: Date | null; lockedUntil: Date | null; sessionId: string | null; privilegedUntil: Date | null };

function failuresInWindow(state: State | null, now: Date, config: ReauthConfig) {
  if (!state?.windowStartedAt || now.getTime() - state.windowStartedAt.getTime() >= config.failureWindowMs) return 0;
  return state.failures;
}

export function statusOf(state: State | null, sessionId: string, now: Date, config: ReauthConfig): ReauthStatus {
  if (state?.lockedUntil && state.lockedUntil > now) return { state: 'locked', until: state.lockedUntil };
  if (state?.sessionId === sessionId && state.privilegedUntil && state.privilegedUntil > now) {
    return { state: 'privileged', until: state.privilegedUntil };
  }
  return { state: 'required', attemptsLeft: config.maxFailures - failuresInWindow(state, now, config) };
}

export async function reauthStatus(db: Db, userId: string, sessionId: string, now: Date, config: ReauthConfig) {
  return statusOf(await db.reauthState.findUnique({ where: { userId } }), sessionId, now, config);
}

/** Records one failed proof (password now, passkey later) and locks the account when it is one too many. */
export async function recordReauthFailure(
  db: Db,
  input: { userId: string; method: string; meta: RequestMeta; now: Date; config: ReauthConfig },
): Promise<Exclude<ReauthResult, { ok: true }>> {
  const { userId, now, config } = input;
  return db.$transaction(async (tx) => {
    await tx.reauthState.upsert({ where: { userId }, create: { userId }, update: {} });
    // Row lock: concurrent failures are counted one after another.
    const [state] = await tx.$queryRaw<State[]>`
      SELECT failures, window_started_at AS "windowStartedAt", locked_until AS "lockedUntil",
             session_id AS "sessionId", privileged_until AS "privilegedUntil"
      FROM reauth_states WHERE user_id = ${userId}::uuid FOR UPDATE`;
    if (state?.lockedUntil && state.lockedUntil > now) return { ok: false, code: 'locked', until: state.lockedUntil };
    const previous = failuresInWindow(state ?? null, now, config);
    const failures = previous + 1;
    const data: Prisma.ReauthStateUpdateInput = {
      failures,
      windowStartedAt: previous === 0 ? now : state!.windowStartedAt,
      privilegedUntil: null,
    };
    await audit(tx, { type: 'reauth.failed', userId, actor: `user:${userId}`, meta: input.meta, detail: { method: input.method, failures }, at: now });
    if (failures >= config.maxFailures) {
      const until = new Date(now.getTime() + config.lockMs);
      await tx.reauthState.update({ where: { userId }, data: { ...data, failures: 0, windowStartedAt: null, lockedUntil: until } });
      await audit(tx, { type: 'reauth.locked', userId, actor: 'system', meta: input.meta, detail: { until: until.toISOString() }, at: now });
      return { ok: false, code: 'locked', until };
    }
    await tx.reauthState.update({ where: { userId }, data });
    return { ok: false, code: 'reauth_failed', attemptsLeft: config.maxFailures - failures };
  });
}

/** Opens the privileged window for `sessionId` and clears the failure count. */
export async function recordReauthSuccess(
  db: Db,
  input: { userId: string; sessionId: string; method: string; meta: RequestMeta; now: Date; config: ReauthConfig },
): Promise<{ ok: true; until: Date }> {
  const until = new Date(input.now.getTime() + input.config.windowMs);
  const data = {
    failures: 0,
    windowStartedAt: null,
    lockedUntil: null,
    biometricFailures: 0,
    biometricBlockedUntil: null,
    sessionId: input.sessionId,
    privilegedUntil: until,
  };
  await db.$transaction([
    db.reauthState.upsert({ where: { userId: input.userId }, create: { userId: input.userId, ...data }, update: data }),
    db.auditEvent.create({
      data: { type: 'reauth.ok', userId: input.userId, actor: `user:${input.userId}`, ip: input.meta.ip, userAgent: input.meta.userAgent, detail: { method: input.method }, createdAt: input.now },
    }),
  ]);
  return { ok: true, until };
}

export async function reauthWithPassword(
  db: Db,
  input: { userId: string; sessionId: string; password: string; meta: RequestMeta; now: Date; config: ReauthConfig },
): Promise<ReauthResult> {
  const state = await db.reauthState.findUnique({ where: { userId: input.userId } });
  const status = statusOf(state, input.sessionId, input.now, input.config);
  // A locked account is refused before the password is even checked.
  if (status.state === 'locked') return { ok: false, code: 'locked', until: status.until };
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { passwordHash: true } });
  if (user && (await verifyPassword(user.passwordHash, input.password))) {
    return recordReauthSuccess(db, { ...input, method: 'password' });
  }
  return recordReauthFailure(db, { ...input, method: 'password' });
}

/**
 * Support's unlock (UC05): clears the lock and the count, and says who did it.
 * False when there is no such account (nothing to unlock, nothing recorded).
 */
export async function unlockReauth(db: Db, input: { userId: string; staffId: string; meta: RequestMeta; now: Date }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } }))) return false;
    await tx.reauthState.updateMany({ where: { userId: input.userId }, data: { failures: 0, windowStartedAt: null, lockedUntil: null } });
    await audit(tx, { type: 'reauth.unlocked', userId: input.userId, actor: `staff:${input.staffId}`, meta: input.meta, at: input.now });
    return true;
  });
}
