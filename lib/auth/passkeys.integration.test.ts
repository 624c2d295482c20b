import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reauthOptions, reauthWithPasskey, recordBiometricFailure, type PasskeyConfig } from '@/lib/auth/passkeys';
import { reauthWithPassword } from '@/lib/auth/reauth';
import type { Db } from '@/lib/db';
import { createTestUser, testDb } from '@/lib/test-support/db';

const config: PasskeyConfig = {
  rpID: 'localhost',
  rpName: 'Wallet',
  origin: 'http://localhost:3000',
  challengeTtlMs: 120_000,
  maxBiometricFailures: 3,
  biometricBlockMs: 900_000,
  reauth: { windowMs: 300_000, maxFailures: 5, failureWindowMs: 900_000, lockMs: 900_000 },
};
const meta = { ip: '203.0.113.5', userAgent: 'vitest' };

describe('passkey re-authentication limits', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  async function userWithPasskey() {
    const user = await createTestUser(db, { password: 'Right@Password1' });
    await db.passkey.create({ data: { id: randomUUID(), userId: user.id, name: 'Test', publicKey: Buffer.alloc(77), counter: 0n, transports: ['internal'], backedUp: false } });
    return user;
  }

  it('refuses biometrics after 3 failures in a row, counts them towards the lock-out, and a password success lifts it', async () => {
    const user = await userWithPasskey();
    const fail = () => recordBiometricFailure(db, { userId: user.id, reason: 'NotAllowedError', meta, now: new Date(), config });
    expect(await fail()).toEqual({ ok: false, code: 'biometric_failed', attemptsLeft: 4 });
    expect(await fail()).toEqual({ ok: false, code: 'biometric_failed', attemptsLeft: 3 });
    expect(await fail()).toMatchObject({ ok: false, code: 'biometrics_blocked' });
    expect(await reauthOptions(db, user.id, new Date(), config)).toMatchObject({ ok: false, code: 'biometrics_blocked' });

    const password = await reauthWithPassword(db, { userId: user.id, sessionId: 's', password: 'Right@Password1', meta, now: new Date(), config: config.reauth });
    expect(password.ok).toBe(true);
    expect(await reauthOptions(db, user.id, new Date(), config)).toMatchObject({ ok: true });
  });

  it('issues single-use challenges: a response whose challenge was never issued is refused and counted', async () => {
    const user = await userWithPasskey();
    const options = await reauthOptions(db, user.id, new Date(), config);
    expect(options.ok).toBe(true);
    const forgedClientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'not-issued', origin: config.origin })).toString('base64url');
    const response = { id: 'x', rawId: 'x', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: forgedClientData, authenticatorData: '', signature: '' } };
    const result = await reauthWithPasskey(db, { userId: user.id, sessionId: 's', response: response as never, meta, now: new Date(), config });
    expect(result).toMatchObject({ ok: false, code: 'biometric_failed' });
    const failures = await db.auditEvent.findMany({ where: { userId: user.id, type: 'reauth.failed' } });
    expect(failures.map((event) => (event.detail as { method: string }).method)).toEqual(['passkey:challenge_invalid']);
  });

  it('refuses biometrics for an account without passkeys', async () => {
    const user = await createTestUser(db);
    expect(await reauthOptions(db, user.id, new Date(), config)).toEqual({ ok: false, code: 'no_passkeys' });
  });
});
