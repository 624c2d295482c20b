/**
 * Server-side sessions. Every sign-in, in a browser or the mobile app, is a row
 * checked on each request; the browser's cookie carries only the row's id (inside
 * next-auth's encrypted JWT) and the app's bearer token only matches the row's
 * SHA-256. So ending the row ends the session at once, wherever a copy of the cookie
 * or token is. A session has an absolute end fixed at sign-in and an idle timeout.
 */
import { createHash, randomBytes } from 'node:crypto';
import { auditAll, type AuditType } from '@/lib/audit';
import { sqlRows, type Db } from '@/lib/db';
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

/** Which session a request names: an app's bearer token (by its hash), or a browser session's id with its user. */
type SessionKey = { tokenHash: string } | { sessionId: string; userId: string };

/**
 * The session a cookie or bearer token names, with its user, in one round trip on
 * every request: a live session whose activity is a minute old or more is touched by
 * the same call (the row is returned as it was before the touch). The statements are
 * PL/pgSQL's (wallet_find_session, prisma/migrations/*_session_lookup), so the
 * database plans them once per connection instead of once per request.
 */
async function findSession(db: Db, key: SessionKey, now: Date, config: SessionConfig): Promise<SignedInSession | null> {
  const byToken = 'tokenHash' in key;
  const [row] = await sqlRows<SessionRow>(db, 'wallet_find_session', Prisma.sql`
    SELECT * FROM wallet_find_session(${byToken ? key.tokenHash : null}, ${byToken ? null : key.sessionId}::uuid, ${byToken ? null : key.userId}::uuid,
      ${now}::timestamptz, ${new Date(now.getTime() - config.idleMs)}::timestamptz, ${new Date(now.getTime() - touchEveryMs)}::timestamptz)`);
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
  return findSession(db, { sessionId: input.sessionId, userId: input.userId }, input.now, input.config);
}

/** The app session a bearer token belongs to, with its user, when it is still live. */
export async function appSession(db: Db, token: string, now: Date, config: SessionConfig) {
  if (!looksLikeBearer(token)) return null;
  return findSession(db, { tokenHash: sessionTokenHash(token) }, now, config);
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
