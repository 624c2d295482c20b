import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reauthStatus, reauthWithPassword, unlockReauth } from '@/lib/auth/reauth';
import { sealKey } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { requestEmailChange } from '@/lib/email-change/request';
import { accountForSupport, findAccounts } from '@/lib/support';
import { createTestUser, signedIn, testDb, testReauthConfig, testCodeKey } from '@/lib/test-support/db';

const reauth = testReauthConfig;
const meta = { ip: '203.0.113.7', userAgent: 'vitest' };
const address = (label: string) => `${label}.${randomUUID().slice(0, 8)}@example.com`;

describe('support console', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  it('finds an account by its mobile number however it is typed, its e-mail in any case, or the address it is confirming', async () => {
    const verified = address('found');
    const user = await createTestUser(db, { email: verified });
    const typed = `+977 ${user.mobileNumber.slice(0, 3)}-${user.mobileNumber.slice(3)}`;
    expect(await findAccounts(db, typed)).toEqual({ ok: true, userIds: [user.id] });
    expect(await findAccounts(db, `  ${verified.toUpperCase()} `)).toEqual({ ok: true, userIds: [user.id] });

    const waiting = address('waiting');
    const actor = { userId: user.id, sessionId: (await signedIn(db, user.id, { privileged: true, meta })).sessionId, meta };
    const context = { db, now: new Date(), limits: { cooldownSeconds: 60, perHour: 50 }, config: { tokenTtlMs: 3_600_000, reauth, sealKey: sealKey('support-secret-support-secret-1'), codeKey: testCodeKey, maxCodeAttempts: 5 } };
    expect((await requestEmailChange(context, actor, { email: waiting, idempotencyKey: randomUUID() })).ok).toBe(true);
    expect(await findAccounts(db, waiting)).toEqual({ ok: true, userIds: [user.id] });

    expect(await findAccounts(db, address('nobody'))).toEqual({ ok: true, userIds: [] });
    expect(await findAccounts(db, '<script>')).toEqual({ ok: false, code: 'invalid_query' });

    const account = await accountForSupport(db, user.id, new Date(), reauth);
    expect(account?.pending).toMatchObject({ email: waiting, delivery: 'queued' });
    expect(account?.emails).toEqual([expect.objectContaining({ kind: 'verify-email', recipient: waiting, status: 'PENDING' })]);
    expect(account?.events.map((event) => event.type)).toEqual(['email.queued', 'email.requested', 'reauth.ok']);
    expect(account?.events.find((event) => event.type === 'email.requested')?.address).toBe(waiting);
  });

  it('shows a lock-out with its count, and an unlock clears it and names the staff member', async () => {
    const user = await createTestUser(db);
    const { sessionId } = await signedIn(db, user.id);
    const now = new Date();
    for (let attempt = 0; attempt < reauth.maxFailures; attempt += 1) {
      await reauthWithPassword(db, { userId: user.id, sessionId, password: 'wrong', meta, now, config: reauth });
    }
    const locked = await accountForSupport(db, user.id, now, reauth);
    expect(locked?.lock).toEqual({ state: 'locked', until: new Date(now.getTime() + reauth.lockMs) });
    expect(locked?.events.filter((event) => event.type === 'reauth.failed')).toHaveLength(reauth.maxFailures);

    const staff = await createTestUser(db);
    expect(await unlockReauth(db, { userId: user.id, staffId: staff.id, meta, now })).toBe(true);
    expect((await accountForSupport(db, user.id, now, reauth))?.lock).toEqual({ state: 'open', failures: 0 });
    expect(await reauthStatus(db, user.id, randomUUID(), now, reauth)).toEqual({ state: 'required', attemptsLeft: reauth.maxFailures });
    const unlocked = await db.auditEvent.findFirst({ where: { userId: user.id, type: 'reauth.unlocked' } });
    expect(unlocked?.actor).toBe(`staff:${staff.id}`);
  });

  it('unlocking an account that does not exist changes and records nothing', async () => {
    const staff = await createTestUser(db);
    const before = await db.auditEvent.count();
    expect(await unlockReauth(db, { userId: randomUUID(), staffId: staff.id, meta, now: new Date() })).toBe(false);
    expect(await db.auditEvent.count()).toBe(before);
    expect(await accountForSupport(db, randomUUID(), new Date(), reauth)).toBeNull();
  });
});
