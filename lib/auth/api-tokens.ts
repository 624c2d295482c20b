/**
 * Bearer access tokens for the mobile app: 32 random bytes, SHA-256 stored,
 * short-lived, revocable, and ended together with the account's web sessions
 * (they carry the session version too).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db';

export const apiTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The re-auth window belongs to one session; for the API, that is one token. */
export const apiSessionId = (tokenId: string) => `api:${tokenId}`;

export async function issueApiToken(db: Db, user: { id: string; sessionVersion: number }, now: Date, ttlMs: number) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs);
  const row = await db.apiToken.create({
    data: { userId: user.id, tokenHash: apiTokenHash(token), sessionVersion: user.sessionVersion, expiresAt, createdAt: now },
  });
  return { token, tokenId: row.id, expiresAt };
}

/** The account behind a bearer token, or null when it is unknown, expired, revoked or its sessions were ended. */
export async function authenticateApiToken(db: Db, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: apiTokenHash(token) }, include: { user: true } });
  if (!row || row.revokedAt || row.expiresAt <= now || row.sessionVersion !== row.user.sessionVersion) return null;
  return { user: row.user, tokenId: row.id };
}

export async function revokeApiToken(db: Db, tokenId: string, now: Date) {
  await db.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: now } });
}
