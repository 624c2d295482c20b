import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reauthOptions, reauthWithPasskey, recordBiometricCancelled, registerPasskey, registrationOptions, removePasskey, type PasskeyConfig } from '@/lib/auth/passkeys';
import { reauthStatus, reauthWithPassword } from '@/lib/auth/reauth';
import type { Db } from '@/lib/db';
import { softwareAuthenticator, softwareDevice } from '@/lib/test-support/authenticator';
import { createTestUser, signedIn, testDb, testReauthConfig, testSessionConfig } from '@/lib/test-support/db';
import { profileData } from '@/lib/profile';

const config: PasskeyConfig = {
  rpID: 'localhost',
  rpName: 'Wallet',
  origin: 'http://localhost:3000',
  challengeTtlMs: 120_000,
  maxBiometricFailures: 3,
  biometricBlockMs: 900_000,
  reauth: testReauthConfig,
};
const meta = { ip: '203.0.113.5', userAgent: 'vitest' };

describe('passkey re-authentication', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  async function userWithPasskey() {
    const user = await createTestUser(db, { password: 'Right@Password1' });
    const { sessionId } = await signedIn(db, user.id);
    const phone = await softwareAuthenticator(db, user.id, config);
    /** Asks the server for a challenge and answers it, as the browser does. */
    const attempt = async (assertion: { wrongKey?: boolean } = {}) => {
      const options = await reauthOptions(db, user.id, new Date(), config);
      if (!options.ok) return options;
      const response = phone.assert(options.options.challenge, assertion);
      return reauthWithPasskey(db, { userId: user.id, sessionId, response, meta, now: new Date(), config });
    };
    return { user, sessionId, attempt };
  }

  const audited = (userId: string, type: string) => db.auditEvent.count({ where: { userId, type } });

  it('a verified assertion opens the re-auth window', async () => {
    const { user, sessionId, attempt } = await userWithPasskey();
    expect(await attempt()).toMatchObject({ ok: true });
    expect(await reauthStatus(db, user.id, sessionId, new Date(), config.reauth)).toMatchObject({ state: 'privileged' });
    expect(await audited(user.id, 'reauth.ok')).toBe(1);
  });

  it('assertions that fail verification count towards the lock-out; 3 in a row block biometrics until a password success', async () => {
    const { user, sessionId, attempt } = await userWithPasskey();
    expect(await attempt({ wrongKey: true })).toEqual({ ok: false, code: 'biometric_failed' });
    expect(await attempt({ wrongKey: true })).toEqual({ ok: false, code: 'biometric_failed' });
    expect(await attempt({ wrongKey: true })).toMatchObject({ ok: false, code: 'biometrics_blocked' });
    expect(await reauthOptions(db, user.id, new Date(), config)).toMatchObject({ ok: false, code: 'biometrics_blocked' });
    expect(await reauthStatus(db, user.id, sessionId, new Date(), config.reauth)).toEqual({ state: 'required', attemptsLeft: 2 });

    const password = await reauthWithPassword(db, { userId: user.id, sessionId, password: 'Right@Password1', meta, now: new Date(), config: config.reauth });
    expect(password.ok).toBe(true);
    expect(await attempt()).toMatchObject({ ok: true });
  });

  it('a cancelled prompt and an assertion for a challenge never issued check nothing and count towards nothing', async () => {
    const { user, sessionId, attempt } = await userWithPasskey();
    for (let time = 0; time < 10; time += 1) await recordBiometricCancelled(db, { userId: user.id, reason: 'NotAllowedError', meta, now: new Date() });
    const forged = { id: 'x', rawId: 'x', type: 'public-key', clientExtensionResults: {}, response: { clientDataJSON: Buffer.from('{"challenge":"not-issued"}').toString('base64url'), authenticatorData: '', signature: '' } };
    for (let time = 0; time < 10; time += 1) {
      expect(await reauthWithPasskey(db, { userId: user.id, sessionId, response: forged as never, meta, now: new Date(), config })).toEqual({ ok: false, code: 'biometric_failed' });
    }
    expect(await reauthStatus(db, user.id, sessionId, new Date(), config.reauth)).toEqual({ state: 'required', attemptsLeft: 5 });
    expect(await audited(user.id, 'reauth.cancelled')).toBe(20);
    expect(await audited(user.id, 'reauth.failed')).toBe(0);
    expect(await attempt()).toMatchObject({ ok: true });
  });

  it('20 wrong assertions at once verify at most the biometric limit, each audited', async () => {
    const { user, attempt } = await userWithPasskey();
    const results = await Promise.all(Array.from({ length: 20 }, () => attempt({ wrongKey: true })));
    const verified = await audited(user.id, 'reauth.failed');
    expect(verified).toBeGreaterThan(0);
    expect(verified).toBeLessThanOrEqual(config.maxBiometricFailures);
    expect(results.filter((result) => result.ok)).toHaveLength(0);
    expect(await reauthOptions(db, user.id, new Date(), config)).toMatchObject({ ok: false, code: 'biometrics_blocked' });
  });

  it('refuses biometrics for an account without passkeys', async () => {
    const user = await createTestUser(db);
    expect(await reauthOptions(db, user.id, new Date(), config)).toEqual({ ok: false, code: 'no_passkeys' });
  });

  it('sets up a passkey from a real registration (challenge used once, origin checked), lists it and removes it', async () => {
    const user = await createTestUser(db, { password: 'Right@Password1' });
    const register = async (tamper: { origin?: string; reuse?: string } = {}) => {
      const options = await registrationOptions(db, user, new Date(), config);
      const device = softwareDevice(config);
      const response = device.attest(tamper.reuse ?? options.challenge, { origin: tamper.origin });
      return { device, result: await registerPasskey(db, { userId: user.id, response, name: '  Sita’s phone  ', meta, now: new Date(), config }), challenge: options.challenge };
    };
    const first = await register();
    expect(first.result).toEqual({ ok: true, id: first.device.id });
    expect((await profileData(db, user.id, new Date(), testSessionConfig)).passkeys).toEqual([expect.objectContaining({ id: first.device.id, name: 'Sita’s phone', lastUsedAt: null })]);
    expect(await db.auditEvent.findMany({ where: { userId: user.id, type: 'passkey.added' } })).toEqual([expect.objectContaining({ actor: `user:${user.id}`, detail: { passkeyId: first.device.id } })]);
    // A registration without a response, or without its client data, names no challenge.
    for (const response of [undefined, {}, { response: {} }]) {
      expect(await registerPasskey(db, { userId: user.id, response: response as never, name: 'x', meta, now: new Date(), config })).toEqual({ ok: false, code: 'challenge_invalid' });
    }

    expect((await register({ reuse: first.challenge })).result).toEqual({ ok: false, code: 'challenge_invalid' });
    expect((await register({ origin: 'https://evil.example' })).result).toEqual({ ok: false, code: 'verification_failed' });
    const options = await registrationOptions(db, user, new Date(), config);
    expect(options.excludeCredentials).toEqual([expect.objectContaining({ id: first.device.id })]);

    // Another account cannot remove it, and nothing is audited for the attempt.
    const other = await createTestUser(db);
    expect(await removePasskey(db, { userId: other.id, passkeyId: first.device.id, meta, now: new Date() })).toBe(false);
    expect(await db.auditEvent.count({ where: { userId: other.id, type: 'passkey.removed' } })).toBe(0);
    expect(await removePasskey(db, { userId: user.id, passkeyId: first.device.id, meta, now: new Date() })).toBe(true);
    expect(await removePasskey(db, { userId: user.id, passkeyId: first.device.id, meta, now: new Date() })).toBe(false);
    expect((await profileData(db, user.id, new Date(), testSessionConfig)).passkeys).toEqual([]);
    expect(await db.auditEvent.findMany({ where: { userId: user.id, type: 'passkey.removed' } })).toEqual([expect.objectContaining({ actor: `user:${user.id}`, detail: { passkeyId: first.device.id } })]);
  });

  it('an assertion works once: its challenge is spent, and a challenge for another purpose or too long is refused', async () => {
    const { user, sessionId } = await userWithPasskey();
    const options = await reauthOptions(db, user.id, new Date(), config);
    if (!options.ok) throw new Error(options.code);
    const phone = await softwareAuthenticator(db, user.id, config);
    await db.passkey.deleteMany({ where: { userId: user.id, NOT: { id: phone.id } } });
    const response = phone.assert(options.options.challenge);
    const use = (value: unknown) => reauthWithPasskey(db, { userId: user.id, sessionId, response: value as never, meta, now: new Date(), config });
    expect(await use(response)).toMatchObject({ ok: true });
    expect(await use(response)).toEqual({ ok: false, code: 'biometric_failed' });

    const registration = await registrationOptions(db, user, new Date(), config);
    expect(await use(phone.assert(registration.challenge))).toEqual({ ok: false, code: 'biometric_failed' });
    const long = { ...response, response: { ...response.response, clientDataJSON: Buffer.from(JSON.stringify({ challenge: 'x'.repeat(300) })).toString('base64url') } };
    expect(await use(long)).toEqual({ ok: false, code: 'biometric_failed' });
    // Client data is the attacker's to write: a challenge that is not a string is refused, not looked up.
    for (const challenge of [12345, ['x'], { a: 1 }, null]) {
      const odd = { ...response, response: { ...response.response, clientDataJSON: Buffer.from(JSON.stringify({ challenge })).toString('base64url') } };
      expect(await use(odd)).toEqual({ ok: false, code: 'biometric_failed' });
    }
    expect(await db.auditEvent.count({ where: { userId: user.id, type: 'reauth.failed' } })).toBe(0);
  });

  it('a locked account is offered no biometrics, and a block ends exactly when it says', async () => {
    const { user, sessionId } = await userWithPasskey();
    for (let time = 0; time < 5; time += 1) await reauthWithPassword(db, { userId: user.id, sessionId, password: 'wrong', meta, now: new Date(), config: config.reauth });
    expect(await reauthOptions(db, user.id, new Date(), config)).toMatchObject({ ok: false, code: 'locked' });

    const other = await userWithPasskey();
    const until = new Date(Date.now() + 60_000);
    await db.reauthState.upsert({ where: { userId: other.user.id }, create: { userId: other.user.id, biometricBlockedUntil: until }, update: { biometricBlockedUntil: until } });
    expect(await reauthOptions(db, other.user.id, new Date(until.getTime() - 1), config)).toMatchObject({ ok: false, code: 'biometrics_blocked', until });
    expect(await reauthOptions(db, other.user.id, until, config)).toMatchObject({ ok: true });
  });
});
