import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsRehash } from '@/lib/auth/password';
import { createSignInLimits, signInWithPassword, type SignInLimits } from '@/lib/auth/sign-in';
import type { SessionKind } from '@/lib/generated/prisma/enums';
import type { Db } from '@/lib/db';
import { createTestUser, testDb, testSessionConfig, uniqueMobileNumber } from '@/lib/test-support/db';

const password = 'Right@Password1';
const randomIp = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 255)}`;

describe('signInWithPassword', () => {
  let db: Db;
  let limits: SignInLimits;
  beforeAll(() => {
    db = testDb();
    limits = createSignInLimits(db, { maxFailuresPerAccount: 3, accountBlockSeconds: 900, maxFailuresPerIp: 5, ipWindowSeconds: 3600 });
  });
  afterAll(() => db.$disconnect());

  const attempt = (mobileNumber: string, secret: string, ip = randomIp(), kind: SessionKind = 'WEB', using = limits) =>
    signInWithPassword(db, using, { mobileNumber, password: secret }, { kind, meta: { ip, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' }, now: new Date(), config: testSessionConfig });
  const events = (userId: string) => db.auditEvent.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

  it('signs in with the right password, whatever way the number is typed, and starts a session on the server', async () => {
    const user = await createTestUser(db, { password });
    const result = await attempt(`+977 ${user.mobileNumber}`, password);
    expect(result).toMatchObject({ ok: true, user: { id: user.id, displayName: user.displayName, role: 'USER' }, token: null });
    if (!result.ok) return;
    expect(result.session).toMatchObject({ userId: user.id, kind: 'WEB', device: 'Chrome on Linux', endedAt: null });
    expect(result.session.expiresAt.getTime() - result.session.createdAt.getTime()).toBe(testSessionConfig.maxAgeMs);
    expect((await events(user.id)).map((event) => event.type)).toEqual(['auth.signed_in']);
  });

  it('gives the app a bearer token whose hash alone is stored', async () => {
    const user = await createTestUser(db, { password });
    const result = await attempt(user.mobileNumber, password, randomIp(), 'APP');
    if (!result.ok) throw new Error(result.code);
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.session.tokenHash).not.toContain(result.token);
    expect(result.session.expiresAt.getTime() - result.session.createdAt.getTime()).toBe(testSessionConfig.appMaxAgeMs);
    expect((await events(user.id)).map((event) => event.type)).toEqual(['api_token.issued']);
  });

  it('gives the same answer for a wrong password and an unknown number, and audits both', async () => {
    const user = await createTestUser(db, { password });
    const wrong = await attempt(user.mobileNumber, 'nope');
    const unknown = await attempt(await uniqueMobileNumber(db), password);
    expect(wrong).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(unknown).toEqual(wrong);
    expect((await events(user.id)).map((event) => [event.type, (event.detail as { reason: string }).reason])).toEqual([['auth.sign_in_failed', 'wrong_password']]);
  });

  it('refuses even the right password once an account reaches its failure limit, and audits the first refusal only', async () => {
    const user = await createTestUser(db, { password });
    for (let time = 0; time < 3; time += 1) await attempt(user.mobileNumber, 'nope');
    const result = await attempt(user.mobileNumber, password);
    expect(result).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(result.ok === false && result.code === 'rate_limited' && result.retryAfterSeconds).toBeGreaterThan(800);
    await attempt(user.mobileNumber, password);
    expect((await events(user.id)).filter((event) => event.type === 'auth.sign_in_refused')).toHaveLength(1);
  });

  it('clears the account count after a success', async () => {
    const user = await createTestUser(db, { password });
    const fail = () => attempt(user.mobileNumber, 'nope');
    await fail();
    await fail();
    expect((await attempt(user.mobileNumber, password)).ok).toBe(true);
    await fail();
    await fail();
    expect((await attempt(user.mobileNumber, password)).ok).toBe(true);
  });

  it('limits one IP trying many accounts; a success does not count against the IP', async () => {
    const ip = randomIp();
    const user = await createTestUser(db, { password });
    for (let time = 0; time < 3; time += 1) expect((await attempt(user.mobileNumber, password, ip)).ok).toBe(true);
    for (let time = 0; time < 5; time += 1) await attempt(await uniqueMobileNumber(db), 'guess', ip);
    expect(await attempt(user.mobileNumber, password, ip)).toMatchObject({ ok: false, code: 'rate_limited' });
    expect((await attempt(user.mobileNumber, password)).ok).toBe(true);
  });

  it('40 guesses at once for one account check exactly the limit, each audited; a refused guess spends nothing of the IP', async () => {
    const user = await createTestUser(db, { password });
    const ip = randomIp();
    // The IP's own limit is out of reach here, so the account's is the one that holds.
    const wide = createSignInLimits(db, { maxFailuresPerAccount: 3, accountBlockSeconds: 900, maxFailuresPerIp: 1000, ipWindowSeconds: 3600 });
    const results = await Promise.all(Array.from({ length: 40 }, () => attempt(user.mobileNumber, 'x', ip, 'WEB', wide)));
    expect(results.filter((result) => !result.ok && result.code === 'invalid_credentials')).toHaveLength(3);
    expect(results.filter((result) => !result.ok && result.code === 'rate_limited')).toHaveLength(37);
    expect((await events(user.id)).filter((event) => event.type === 'auth.sign_in_failed')).toHaveLength(3);
    expect(await wide.ip.get(ip)).toMatchObject({ consumedPoints: 3 });
  });

  it('records who failed and who was refused in words support can read: the holder, someone unknown, or the limit', async () => {
    const user = await createTestUser(db, { password });
    const unknownNumber = await uniqueMobileNumber(db);
    await attempt(user.mobileNumber, 'nope');
    await attempt(unknownNumber, 'nope');
    const failed = await db.auditEvent.findMany({ where: { type: 'auth.sign_in_failed', OR: [{ userId: user.id }, { userId: null, createdAt: { gte: new Date(Date.now() - 60_000) } }] } });
    expect(failed.find((event) => event.userId === user.id)).toMatchObject({ actor: `user:${user.id}`, detail: { via: 'WEB', reason: 'wrong_password' } });
    expect(failed.some((event) => event.userId === null && event.actor === 'anonymous' && (event.detail as { reason: string }).reason === 'unknown_account')).toBe(true);

    for (let time = 0; time < 2; time += 1) await attempt(user.mobileNumber, 'nope');
    await attempt(user.mobileNumber, 'nope');
    const refused = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'auth.sign_in_refused' } });
    expect(refused).toMatchObject({ actor: 'system', detail: { limit: 'account' } });

    const signedIn = await createTestUser(db, { password });
    const result = await attempt(signedIn.mobileNumber, password);
    if (!result.ok) throw new Error(result.code);
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: signedIn.id, type: 'auth.signed_in' } })).toMatchObject({
      actor: `user:${signedIn.id}`,
      detail: { sessionId: result.session.id, device: 'Chrome on Linux' },
    });
  });

  it('a guess refused by one limit costs nothing under the other, and says how long to wait', async () => {
    const narrow = createSignInLimits(db, { maxFailuresPerAccount: 3, accountBlockSeconds: 900, maxFailuresPerIp: 2, ipWindowSeconds: 3600 });
    const ip = randomIp();
    const user = await createTestUser(db, { password });
    for (let time = 0; time < 2; time += 1) await attempt(await uniqueMobileNumber(db), 'guess', ip, 'WEB', narrow);
    const refused = await attempt(user.mobileNumber, password, ip, 'WEB', narrow);
    expect(refused).toMatchObject({ ok: false, code: 'rate_limited' });
    const wait = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThan(3500);
    expect(wait).toBeLessThanOrEqual(3600);
    expect((await narrow.account.get(user.mobileNumber))?.consumedPoints ?? 0).toBe(0);
    const refusedByIp = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'auth.sign_in_refused' } });
    expect(refusedByIp.detail).toEqual({ limit: 'ip' });
    // Refused again by the same IP: nothing is given back to it, so the window stays spent and one event stands for it.
    expect(await attempt(user.mobileNumber, password, ip, 'WEB', narrow)).toMatchObject({ code: 'rate_limited' });
    expect(await narrow.ip.get(ip)).toMatchObject({ consumedPoints: 4 });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: 'auth.sign_in_refused' } })).toBe(1);

    const other = randomIp();
    for (let time = 0; time < 3; time += 1) await attempt(user.mobileNumber, 'nope', randomIp(), 'WEB', narrow);
    expect(await attempt(user.mobileNumber, password, other, 'WEB', narrow)).toMatchObject({ code: 'rate_limited' });
    expect((await narrow.ip.get(other))?.consumedPoints ?? 0).toBe(0);
  });

  it('a hash made with weaker settings is replaced by one with today’s on the next sign-in', async () => {
    const user = await createTestUser(db, { password });
    const weak = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await db.user.update({ where: { id: user.id }, data: { passwordHash: weak } });
    expect((await attempt(user.mobileNumber, password)).ok).toBe(true);
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).not.toBe(weak);
    expect(needsRehash(passwordHash)).toBe(false);
    expect((await attempt(user.mobileNumber, password)).ok).toBe(true);
    // A hash with today's settings is left as it is: hashing costs a sign-in 64 MiB and real time.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(passwordHash);
  });
});
