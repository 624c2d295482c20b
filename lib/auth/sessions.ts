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
import type { Prisma, Session, User } from '@/lib/generated/prisma/client';
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

async function checked(db: Db, session: SignedInSession | null, now: Date, config: SessionConfig): Promise<SignedInSession | null> {
  if (!session || !isLive(session, now, config)) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= touchEveryMs) {
    await db.session.updateMany({ where: { id: session.id, endedAt: null }, data: { lastSeenAt: now } });
  }
  return session;
}

/** The browser session a cookie names, with its user, when it is still live and belongs to that user. */
export async function webSession(db: Db, input: { sessionId: string; userId: string; now: Date; config: SessionConfig }) {
  if (!looksLikeId(input.sessionId)) return null;
  const session = await db.session.findUnique({ where: { id: input.sessionId }, include: { user: true } });
  if (session?.kind !== 'WEB' || session.userId !== input.userId) return null;
  return checked(db, session, input.now, input.config);
}

/** The app session a bearer token belongs to, with its user, when it is still live. */
export async function appSession(db: Db, token: string, now: Date, config: SessionConfig) {
  if (!looksLikeBearer(token)) return null;
  const session = await db.session.findUnique({ where: { tokenHash: sessionTokenHash(token) }, include: { user: true } });
  return session?.kind === 'APP' ? checked(db, session, now, config) : null;
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

/** The "Signed-in devices" list: live sessions, most recently active first. */
export async function liveSessions(db: Db, userId: string, now: Date, config: SessionConfig) {
  const sessions = await db.session.findMany({
    where: { userId, endedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - config.idleMs) } },
    select: { id: true, kind: true, device: true, createdAt: true, lastSeenAt: true, endedAt: true, expiresAt: true },
    orderBy: { lastSeenAt: 'desc' },
  });
  return sessions;
}
