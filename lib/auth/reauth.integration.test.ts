import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reauthStatus, reauthWithPassword, unlockReauth } from '@/lib/auth/reauth';
import { endSessions } from '@/lib/auth/sessions';
import type { Db } from '@/lib/db';
import { createTestUser, signedIn, testDb, testReauthConfig } from '@/lib/test-support/db';

const reauth = testReauthConfig;
const meta = { ip: '203.0.113.11', userAgent: 'vitest' };
const password = 'Right@Password1';

describe('re-auth guard', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  async function account() {
    const user = await createTestUser(db, { password });
    const { sessionId } = await signedIn(db, user.id);
    const guess = (secret: string, now = new Date()) => reauthWithPassword(db, { userId: user.id, sessionId, password: secret, meta, now, config: reauth });
    const checked = () => db.auditEvent.count({ where: { userId: user.id, type: { in: ['reauth.failed', 'reauth.ok', 'reauth.refused'] } } });
    return { user, sessionId, guess, checked };
  }

  it('100 guesses at once, the right one last: at most 5 passwords checked, each audited, and the right one refused', async () => {
    const { user, sessionId, guess, checked } = await account();
    const wrong = Array.from({ length: 99 }, () => guess('wrong-password'));
    const right = guess(password);
    const results = [...(await Promise.all(wrong)), await right];
    expect(results.at(-1)).toMatchObject({ ok: false, code: 'locked' });
    expect(results.filter((result) => result.ok)).toHaveLength(0);
    const audited = await checked();
    expect(audited).toBeGreaterThan(0);
    expect(audited).toBeLessThanOrEqual(reauth.maxFailures);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: 'reauth.locked' } })).toBe(1);
    expect(await reauthStatus(db, user.id, sessionId, new Date(), reauth)).toMatchObject({ state: 'locked' });
  });

  it('the right password while the account is locked is refused without opening a window, and works once the lock ends', async () => {
    const { user, sessionId, guess } = await account();
    for (let time = 0; time < reauth.maxFailures; time += 1) await guess('wrong-password');
    expect(await guess(password)).toMatchObject({ ok: false, code: 'locked' });
    expect(await reauthStatus(db, user.id, sessionId, new Date(), reauth)).toMatchObject({ state: 'locked' });
    const later = new Date(Date.now() + reauth.lockMs + 1000);
    expect(await guess(password, later)).toMatchObject({ ok: true });
  });

  it('a session that was signed out cannot open a window, even with the right password', async () => {
    const { user, sessionId, guess } = await account();
    await endSessions(db, { userId: user.id, only: [sessionId], reason: 'signed_out', actor: `user:${user.id}`, now: new Date() });
    expect((await guess(password)).ok).toBe(false);
    expect(await reauthStatus(db, user.id, sessionId, new Date(), reauth)).toMatchObject({ state: 'required' });
  });

  it('one IP guessing across accounts is stopped at its own limit, checking nothing more; a right guess costs it nothing', async () => {
    const narrow = { ...reauth, maxFailuresPerIp: 3 };
    const ip = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const accounts = await Promise.all(Array.from({ length: 5 }, () => account()));
    const guess = (index: number, secret: string) =>
      reauthWithPassword(db, { userId: accounts[index]!.user.id, sessionId: accounts[index]!.sessionId, password: secret, meta: { ...meta, ip }, now: new Date(), config: narrow });
    expect(await guess(0, password)).toMatchObject({ ok: true });
    for (const index of [1, 2, 3]) expect(await guess(index, 'wrong-password')).toMatchObject({ code: 'reauth_failed' });
    expect(await guess(4, password)).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(await accounts[4]!.checked()).toBe(0);
    // The refused guess did not count against the account either.
    expect(await reauthStatus(db, accounts[4]!.user.id, accounts[4]!.sessionId, new Date(), reauth)).toEqual({ state: 'required', attemptsLeft: 5 });
  });

  it('the window is this session’s and lasts the configured time, not a moment longer', async () => {
    const { user, sessionId, guess } = await account();
    const now = new Date();
    expect(await guess(password, now)).toEqual({ ok: true, until: new Date(now.getTime() + reauth.windowMs) });
    const justBefore = new Date(now.getTime() + reauth.windowMs - 1);
    const atEnd = new Date(now.getTime() + reauth.windowMs);
    expect(await reauthStatus(db, user.id, sessionId, justBefore, reauth)).toMatchObject({ state: 'privileged' });
    expect(await reauthStatus(db, user.id, sessionId, atEnd, reauth)).toMatchObject({ state: 'required' });
    const other = await signedIn(db, user.id);
    expect(await reauthStatus(db, user.id, other.sessionId, justBefore, reauth)).toMatchObject({ state: 'required' });
  });

  it('an IP at its limit is told how long to wait, and the count is kept under its own key', async () => {
    const narrow = { ...reauth, maxFailuresPerIp: 1 };
    const ip = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const { user, sessionId } = await account();
    const guess = () => reauthWithPassword(db, { userId: user.id, sessionId, password: 'wrong-password', meta: { ...meta, ip }, now: new Date(), config: narrow });
    expect(await guess()).toMatchObject({ code: 'reauth_failed' });
    const refused = await guess();
    expect(refused).toMatchObject({ ok: false, code: 'rate_limited' });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(3500);
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect((await db.rateLimit.findUnique({ where: { key: `reauth_ip:${ip}` } }))?.points).toBeGreaterThanOrEqual(1);
  });

  it('a session that ends while its right password is being checked opens nothing and says so plainly', async () => {
    const { user, sessionId } = await account();
    await endSessions(db, { userId: user.id, only: [sessionId], reason: 'signed_out', actor: `user:${user.id}`, now: new Date() });
    expect(await reauthWithPassword(db, { userId: user.id, sessionId, password, meta, now: new Date(), config: reauth })).toEqual({
      ok: false,
      code: 'reauth_failed',
      attemptsLeft: reauth.maxFailures,
    });
  });

  it('support’s unlock also forgets the wrong guesses before the lock', async () => {
    const { user, sessionId, guess } = await account();
    await guess('wrong-password');
    await guess('wrong-password');
    const staff = await createTestUser(db);
    expect(await unlockReauth(db, { userId: user.id, staffId: staff.id, meta, now: new Date() })).toBe(true);
    expect(await reauthStatus(db, user.id, sessionId, new Date(), reauth)).toEqual({ state: 'required', attemptsLeft: reauth.maxFailures });
  });
});
