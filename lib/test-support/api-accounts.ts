/**
 * Accounts for load against the running app (the benchmark, the crash and fuzz scenarios),
 * written in bulk: each has a bearer token (as the mobile app would after POST
 * /api/v1/sessions) and has just re-authenticated on it, so its first
 * POST /api/v1/email-change is inside the re-auth window (an hour here).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { apiSessionId, apiTokenHash } from '@/lib/auth/api-tokens';
import { hashPassword } from '@/lib/auth/password';
import type { Db } from '@/lib/db';

export interface ApiAccount {
  userId: string;
  bearer: string;
}

export async function createApiAccounts(db: Db, count: number, prefix: string, now = new Date()): Promise<ApiAccount[]> {
  const passwordHash = await hashPassword(randomBytes(16).toString('base64url'));
  const hour = new Date(now.getTime() + 3_600_000);
  const accounts: ApiAccount[] = [];
  for (let start = 0; start < count; start += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, count - start) }, (_, offset) => ({
      userId: randomUUID(),
      tokenId: randomUUID(),
      bearer: randomBytes(32).toString('base64url'),
      mobileNumber: `${prefix}${String(start + offset).padStart(10 - prefix.length, '0')}`,
    }));
    await db.user.createMany({ data: rows.map((row) => ({ id: row.userId, mobileNumber: row.mobileNumber, displayName: 'Load Test User', passwordHash })) });
    await db.apiToken.createMany({
      data: rows.map((row) => ({ id: row.tokenId, userId: row.userId, tokenHash: apiTokenHash(row.bearer), sessionVersion: 1, expiresAt: hour, createdAt: now })),
    });
    await db.reauthState.createMany({ data: rows.map((row) => ({ userId: row.userId, sessionId: apiSessionId(row.tokenId), privilegedUntil: hour })) });
    accounts.push(...rows.map(({ userId, bearer }) => ({ userId, bearer })));
  }
  return accounts;
}

/** The web session cookie next-auth would set after `userId` signed in: what a browser sends with each request. */
export async function sessionCookie(secret: string, userId: string, sessionId: string = randomUUID()) {
  const name = 'authjs.session-token';
  return `${name}=${await encode({ token: { sub: userId, sv: 1, sid: sessionId }, secret, salt: name })}`;
}
