import { randomUUID } from 'node:crypto';
import { recordReauthSuccess } from '@/lib/auth/reauth';
import { sealKey, unseal } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import type { EmailChangeContext } from '@/lib/email-change/request';
import { createTestUser } from '@/lib/test-support/db';

export const meta = { ip: '198.51.100.20', userAgent: 'reliability' };
export const reauth = { windowMs: 300_000, maxFailures: 5, failureWindowMs: 900_000, lockMs: 900_000 };
const key = sealKey('reliability-secret-reliability-secret');

export const context = (db: Db, now = new Date()): EmailChangeContext => ({
  db,
  now,
  limits: { cooldownSeconds: 60, perHour: 50 },
  config: { tokenTtlMs: 24 * 3_600_000, reauth, sealKey: key },
});

/** An account that has just re-authenticated, ready to request a change. */
export async function privilegedAccount(db: Db) {
  const user = await createTestUser(db);
  const actor = { userId: user.id, sessionId: randomUUID(), meta };
  await recordReauthSuccess(db, { ...actor, method: 'password', now: new Date(), config: reauth });
  return { user, actor };
}

/** The token exactly as the verification e-mail carries it. */
export async function tokenFor(db: Db, requestId: string) {
  const row = await db.outboxMessage.findFirstOrThrow({ where: { requestId, kind: 'verify-email' } });
  return unseal(key, (row.payload as { sealedToken: string }).sealedToken);
}
