import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInLimits, signInWithPassword, type SignInLimits } from '@/lib/auth/sign-in';
import type { Db } from '@/lib/db';
import { createTestUser, testDb, uniqueMobileNumber } from '@/lib/test-support/db';

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

  it('signs in with the right password, whatever way the number is typed', async () => {
    const user = await createTestUser(db, { password });
    const result = await signInWithPassword(db, limits, { mobileNumber: `+977 ${user.mobileNumber}`, password }, randomIp());
    expect(result).toEqual({
      ok: true,
      user: { id: user.id, displayName: user.displayName, role: 'USER', sessionVersion: 1 },
    });
  });

  it('gives the same answer for a wrong password and an unknown number', async () => {
    const user = await createTestUser(db, { password });
    const wrong = await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password: 'nope' }, randomIp());
    const unknown = await signInWithPassword(db, limits, { mobileNumber: uniqueMobileNumber(), password }, randomIp());
    expect(wrong).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(unknown).toEqual(wrong);
  });

  it('refuses even the right password once an account reaches its failure limit', async () => {
    const user = await createTestUser(db, { password });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password: 'nope' }, randomIp());
    }
    const result = await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password }, randomIp());
    expect(result).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(result.ok === false && result.code === 'rate_limited' && result.retryAfterSeconds).toBeGreaterThan(800);
  });

  it('clears the account count after a success', async () => {
    const user = await createTestUser(db, { password });
    const fail = () => signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password: 'nope' }, randomIp());
    await fail();
    await fail();
    expect((await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password }, randomIp())).ok).toBe(true);
    await fail();
    await fail();
    expect((await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password }, randomIp())).ok).toBe(true);
  });

  it('limits one IP trying many accounts', async () => {
    const ip = randomIp();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await signInWithPassword(db, limits, { mobileNumber: uniqueMobileNumber(), password: 'guess' }, ip);
    }
    const user = await createTestUser(db, { password });
    expect(await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password }, ip)).toMatchObject({
      ok: false,
      code: 'rate_limited',
    });
    expect((await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password }, randomIp())).ok).toBe(true);
  });

  it('counts concurrent failures exactly', async () => {
    const user = await createTestUser(db, { password });
    await Promise.all(
      Array.from({ length: 3 }, () => signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password: 'x' }, randomIp())),
    );
    expect(await limits.account.get(user.mobileNumber)).toMatchObject({ consumedPoints: 3 });
  });
});
