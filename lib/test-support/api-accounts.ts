/**
 * Accounts for load against the running app (the benchmark, the crash and fuzz scenarios),
 * written in bulk: each has an app session with its bearer token (as the mobile app
 * would after POST /api/v1/sessions) that has just re-authenticated, so its first
 * POST /api/v1/email-change is inside the re-auth window (an hour here).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { hashPassword } from '@/lib/auth/password';
import { sessionTokenHash } from '@/lib/auth/sessions';
import type { Db } from '@/lib/db';
import { reserveMobileNumbers } from '@/lib/test-support/mobile-numbers';

export interface ApiAccount {
  userId: string;
  bearer: string;
}

const hourFrom = (now: Date) => new Date(now.getTime() + 3_600_000);

export async function createApiAccounts(db: Db, count: number, now = new Date()): Promise<ApiAccount[]> {
  const passwordHash = await hashPassword(randomBytes(16).toString('base64url'));
  const hour = hourFrom(now);
  const accounts: ApiAccount[] = [];
  for (let start = 0; start < count; start += 1_000) {
    const numbers = await reserveMobileNumbers(db, Math.min(1_000, count - start));
    const rows = numbers.map((mobileNumber) => ({ userId: randomUUID(), bearer: randomBytes(32).toString('base64url'), mobileNumber }));
    await db.user.createMany({ data: rows.map((row) => ({ id: row.userId, mobileNumber: row.mobileNumber, displayName: 'Load Test User', passwordHash })) });
    await db.session.createMany({
      data: rows.map((row) => ({
        userId: row.userId,
        kind: 'APP' as const,
        tokenHash: sessionTokenHash(row.bearer),
        device: 'Load test',
        ip: '127.0.0.1',
        createdAt: now,
        lastSeenAt: now,
        expiresAt: hour,
        privilegedUntil: hour,
      })),
    });
    accounts.push(...rows.map(({ userId, bearer }) => ({ userId, bearer })));
  }
  return accounts;
}

/**
 * A web session for `userId` as a sign-in would leave it (its row, inside a re-auth
 * window when `privileged`), and the cookie next-auth would set for it: what a
 * browser sends with each request.
 */
export async function webSessionCookie(db: Db, secret: string, userId: string, options: { privileged?: boolean; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const session = await db.session.create({
    data: { userId, kind: 'WEB', device: 'Load test', ip: '127.0.0.1', createdAt: now, lastSeenAt: now, expiresAt: hourFrom(now), privilegedUntil: options.privileged ? hourFrom(now) : null },
  });
  const name = 'authjs.session-token';
  return `${name}=${await encode({ token: { sub: userId, sid: session.id }, secret, salt: name })}`;
}
