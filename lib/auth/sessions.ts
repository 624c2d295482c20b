/**
 * Server-side sessions. Every sign-in, in a browser or the mobile app, is a row
 * checked on each request; the browser's cookie carries only the row's id (inside
 * next-auth's encrypted JWT) and the app's bearer token only matches the row's
 * SHA-256. So ending the row ends the session at once, wherever a copy of the cookie
 * or token is. A session has an absolute end fixed at sign-in and an idle timeout.
 */
import { createHash, randomBytes } from 'node:crypto';
import { auditAll, type AuditType } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { deviceText, parseDevice } from '@/lib/device';
import { Prisma, type Session, type User } from '@/lib/generated/prisma/client';
import type { SessionKind } from '@/lib/generated/prisma/enums';
import type { RequestMeta } from '@/lib/request-meta';

export interface SessionConfig {
  /** Browser sessions end this long after sign-in. */
  maxAgeMs: number;
  /** App tokens end this long after sign-in. */
  appMaxAgeMs: number;
  /** Any session ends after this long without a request. */
  idleMs: number;
}

export const sessionTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A bearer token is 43 base64url characters; anything else is not worth a lookup. */
const looksLikeBearer = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);
const looksLikeId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A session id to hand to SQL as a uuid, or null for anything that cannot be one (it then matches no session). */
export const sessionIdOrNull = (id: string) => (looksLikeId(id) ? id : null);

/** What the devices list calls a session: the browser and system, or our app and the system it runs on. */
function deviceName(kind: SessionKind, userAgent: string) {
  const device = parseDevice(userAgent);
  if (kind === 'WEB') return deviceText(device);
  return device.os ? `Wallet app on ${device.os}` : 'Wallet app';
}

/** Starts a session for a user who just proved who they are. An app session also gets its bearer token (only its hash is kept). */
export async function startSession(db: Db | Prisma.TransactionClient, input: { userId: string; kind: SessionKind; meta: RequestMeta; now: Date; config: SessionConfig }) {
  const { kind, now, config } = input;
  const token = kind === 'APP' ? randomBytes(32).toString('base64url') : null;
  const lifetime = kind === 'APP' ? config.appMaxAgeMs : config.maxAgeMs;
  const session = await db.session.create({
    data: {
      userId: input.userId,
      kind,
      tokenHash: token && sessionTokenHash(token),
      device: deviceName(kind, input.meta.userAgent),
      ip: input.meta.ip,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetime),
    },
  });
  return { session, token };
}

/** Live: not ended, not past its absolute end, used recently enough. */
export function isLive(session: Pick<Session, 'endedAt' | 'expiresAt' | 'lastSeenAt'>, now: Date, config: SessionConfig) {
  return session.endedAt === null && session.expiresAt > now && now.getTime() - session.lastSeenAt.getTime() < config.idleMs;
}

export type SignedInSession = Session & { user: User };

/** Activity is written at most once a minute: the idle timeout needs no finer grain, and most requests write nothing. */
const touchEveryMs = 60_000;

type SessionRow = { [K in keyof Session as `s_${K}`]: Session[K] } & { [K in keyof User as `u_${K}`]: User[K] };

/**
 * The session a cookie or bearer token names, with its user, in one round trip on
 * every request: a live session whose activity is a minute old or more is touched by
 * the same statement (the row is returned as it was before the touch).
 */
async function findSession(db: Db, where: Prisma.Sql, now: Date, config: SessionConfig): Promise<SignedInSession | null> {
  const [row] = await db.$queryRaw<SessionRow[]>`
    WITH found AS (SELECT * FROM sessions WHERE ${where}),
    touched AS (
      UPDATE sessions SET last_seen_at = ${now}::timestamptz
      FROM found
      WHERE sessions.id = found.id AND found.ended_at IS NULL AND found.expires_at > ${now}::timestamptz
        AND found.last_seen_at > ${new Date(now.getTime() - config.idleMs)}::timestamptz
        AND found.last_seen_at <= ${new Date(now.getTime() - touchEveryMs)}::timestamptz
      RETURNING sessions.id
    )
    SELECT s.id AS s_id, s.user_id AS "s_userId", s.kind::text AS s_kind, s.token_hash AS "s_tokenHash", s.device AS s_device, s.ip AS s_ip,
      s.created_at AS "s_createdAt", s.last_seen_at AS "s_lastSeenAt", s.expires_at AS "s_expiresAt", s.privileged_until AS "s_privilegedUntil",
      s.ended_at AS "s_endedAt", s.end_reason AS "s_endReason",
      u.id AS u_id, u.mobile_number AS "u_mobileNumber", u.display_name AS "u_displayName", u.password_hash AS "u_passwordHash", u.email::text AS u_email,
      u.email_verified_at AS "u_emailVerifiedAt", u.role::text AS u_role, u.email_hold_at AS "u_emailHoldAt", u.email_hold_by AS "u_emailHoldBy",
      u.email_hold_reason AS "u_emailHoldReason", u.password_reset_required AS "u_passwordResetRequired", u.created_at AS "u_createdAt", u.updated_at AS "u_updatedAt"
    FROM found s JOIN users u ON u.id = s.user_id`;
  if (!row) return null;
  const session = {} as Record<string, unknown>;
  const user = {} as Record<string, unknown>;
  for (const [column, value] of Object.entries(row)) (column.startsWith('s_') ? session : user)[column.slice(2)] = value;
  const found = { ...(session as Session), user: user as User };
  return isLive(found, now, config) ? found : null;
}

/** The browser session a cookie names, with its user, when it is still live and belongs to that user. */
export async function webSession(db: Db, input: { sessionId: string; userId: string; now: Date; config: SessionConfig }) {
  if (!looksLikeId(input.sessionId) || !looksLikeId(input.userId)) return null;
  return findSession(db, Prisma.sql`id = ${input.sessionId}::uuid AND user_id = ${input.userId}::uuid AND kind = 'WEB'`, input.now, input.config);
}

/** The app session a bearer token belongs to, with its user, when it is still live. */
export async function appSession(db: Db, token: string, now: Date, config: SessionConfig) {
  if (!looksLikeBearer(token)) return null;
  return findSession(db, Prisma.sql`token_hash = ${sessionTokenHash(token)} AND kind = 'APP'`, now, config);
}

/** Why a session ended, as recorded; "signed_out" is the holder's own sign-out. */
export type EndReason = 'signed_out' | 'signed_out_elsewhere' | 'email_changed' | 'support' | 'recovery';

function auditTypeFor(kind: SessionKind, reason: EndReason): AuditType {
  if (reason !== 'signed_out') return 'session.ended';
  return kind === 'APP' ? 'api_token.revoked' : 'auth.signed_out';
}

/**
 * Ends the user's live sessions that match (`only` these ids, all `except` one, or
 * all), each recorded in the audit log. Returns how many ended.
 */
export async function endSessions(
  db: Db | Prisma.TransactionClient,
  input: { userId: string; only?: string[]; except?: string; reason: EndReason; actor: string; meta?: RequestMeta; now: Date },
) {
  const { userId, now } = input;
  const ended = await db.session.updateManyAndReturn({
    where: {
      userId,
      endedAt: null,
      expiresAt: { gt: now },
      ...(input.only ? { id: { in: input.only.filter(looksLikeId) } } : {}),
      ...(input.except && looksLikeId(input.except) ? { NOT: { id: input.except } } : {}),
    },
    data: { endedAt: now, endReason: input.reason, privilegedUntil: null },
    select: { id: true, kind: true, device: true },
  });
  await auditAll(
    db,
    ended.map((session) => ({
      type: auditTypeFor(session.kind, input.reason),
      userId,
      actor: input.actor,
      meta: input.meta,
      detail: { sessionId: session.id, kind: session.kind, device: session.device, reason: input.reason },
      at: now,
    })),
  );
  return ended.length;
}
