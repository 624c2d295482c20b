import { recordRightGuess, type ReauthConfig } from '@/lib/auth/reauth';
import { startSession, type SessionConfig } from '@/lib/auth/sessions';
import { createDb, type Db } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';
import { codeKey } from '@/lib/email-change/codes';
import type { RecoveryConfig } from '@/lib/email-change/recovery';
import type { SessionKind } from '@/lib/generated/prisma/enums';
import { reserveMobileNumbers } from '@/lib/test-support/mobile-numbers';

export function testDb(): Db {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return createDb(url, 4);
}

/** A mobile number no other account in this database has. */
export async function uniqueMobileNumber(db: Db): Promise<string> {
  const [number] = await reserveMobileNumbers(db, 1);
  return number!;
}

let hash: Promise<string> | undefined;

export async function createTestUser(db: Db, data: { password?: string; email?: string } = {}) {
  const passwordHash = data.password ? await hashPassword(data.password) : await (hash ??= hashPassword('Test@12345'));
  return db.user.create({
    data: {
      mobileNumber: await uniqueMobileNumber(db),
      displayName: 'Test User',
      passwordHash,
      email: data.email ?? null,
      emailVerifiedAt: data.email ? new Date() : null,
    },
  });
}

export const testSessionConfig: SessionConfig = { maxAgeMs: 12 * 3_600_000, appMaxAgeMs: 3_600_000, idleMs: 30 * 60_000 };
export const testReauthConfig: ReauthConfig = { windowMs: 300_000, maxFailures: 5, failureWindowMs: 900_000, lockMs: 900_000, maxFailuresPerIp: 100, ipWindowMs: 3_600_000 };
const testMeta = { ip: '203.0.113.1', userAgent: 'vitest' };
/** The key the app derives from AUTH_SECRET for verification codes, from a test secret. */
export const testCodeKey = codeKey('test-secret-for-verification-codes');
/** Undo links as the app makes them, sealed with the test's own key so a test can read them back from the outbox. */
export const testRecoveryConfig = (sealKey: Buffer): RecoveryConfig => ({ undoTtlMs: 7 * 24 * 3_600_000, passwordStepTtlMs: 30 * 60_000, sealKey });

/** A session for `userId` as signing in starts it; with `privileged`, a right re-auth guess has opened its window (UC03). */
export async function signedIn(db: Db, userId: string, options: { privileged?: boolean; kind?: SessionKind; now?: Date; meta?: typeof testMeta } = {}) {
  const now = options.now ?? new Date();
  const meta = options.meta ?? testMeta;
  const { session, token } = await startSession(db, { userId, kind: options.kind ?? 'WEB', meta, now, config: testSessionConfig });
  if (options.privileged) {
    const opened = await recordRightGuess(db, { userId, sessionId: session.id, method: 'password', meta, now, config: testReauthConfig });
    if (!opened.ok) throw new Error(`could not open the re-auth window: ${opened.code}`);
  }
  return { sessionId: session.id, token };
}
