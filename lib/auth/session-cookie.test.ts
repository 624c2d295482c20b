import { randomBytes, randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSessionCookie, sessionClaims } from './session-cookie';

const secret = randomBytes(32).toString('base64url');
const userId = randomUUID();
const sessionId = randomUUID();
// The cookie as next-auth writes it at sign-in: its name is the key derivation's salt.
const issue = (name: string, options: { secret?: string; maxAge?: number } = {}) =>
  encode({ token: { sub: userId, sid: sessionId }, secret: options.secret ?? secret, salt: name, maxAge: options.maxAge ?? 3600 });
const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];

describe('the session cookie', () => {
  it('names its user and session, over http and over https', async () => {
    expect(await sessionClaims(jar({ 'authjs.session-token': await issue('authjs.session-token') }), secret)).toEqual({ userId, sessionId });
    const secure = await issue('__Secure-authjs.session-token');
    expect(await sessionClaims(jar({ '__Secure-authjs.session-token': secure }), secret)).toEqual({ userId, sessionId });
  });

  it('is read when split into chunks', async () => {
    const token = await issue('authjs.session-token');
    const chunks = { 'authjs.session-token.0': token.slice(0, 100), 'authjs.session-token.1': token.slice(100) };
    expect(await sessionClaims(jar(chunks), secret)).toEqual({ userId, sessionId });
  });

  it('is no session when missing, garbled, sealed with another secret, moved to the other name, expired, or without a session id', async () => {
    const token = await issue('authjs.session-token');
    let refusals = 0;
    const refused = () => (refusals += 1);
    expect(await sessionClaims(jar({}), secret, refused)).toBeNull();
    expect(refusals).toBe(0);
    expect(await sessionClaims(jar({ 'authjs.session-token': 'not a token' }), secret, refused)).toBeNull();
    expect(refusals).toBe(1);
    expect(await sessionClaims(jar({ 'authjs.session-token': `${token.slice(0, -4)}AAAA` }), secret)).toBeNull();
    expect(await sessionClaims(jar({ 'authjs.session-token': 'not a token' }), secret)).toBeNull();
    expect(await sessionClaims(jar({ 'authjs.session-token': await issue('authjs.session-token', { secret: randomBytes(32).toString('base64url') }) }), secret)).toBeNull();
    expect(await sessionClaims(jar({ '__Secure-authjs.session-token': token }), secret)).toBeNull();
    expect(await sessionClaims(jar({ 'authjs.session-token': await issue('authjs.session-token', { maxAge: -60 }) }), secret)).toBeNull();
    const withoutSession = await encode({ token: { sub: userId }, secret, salt: 'authjs.session-token' });
    expect(await sessionClaims(jar({ 'authjs.session-token': withoutSession }), secret)).toBeNull();
  });

  describe('once decoded, remembered by its text', () => {
    afterEach(() => vi.useRealTimers());

    it('only until the token expires', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const token = await issue('authjs.session-token', { maxAge: 60 });
      const cookies = jar({ 'authjs.session-token': token });
      expect(await sessionClaims(cookies, secret)).toEqual({ userId, sessionId });
      vi.setSystemTime(Date.now() + 59_000);
      expect(await sessionClaims(cookies, secret)).toEqual({ userId, sessionId });
      // Past the expiry and next-auth's 15 s of clock tolerance.
      vi.setSystemTime(Date.now() + 20_000);
      expect(await sessionClaims(cookies, secret)).toBeNull();
    });

    it('only for the secret and the name it was decoded with', async () => {
      const token = await issue('authjs.session-token');
      expect(await sessionClaims(jar({ 'authjs.session-token': token }), secret)).toEqual({ userId, sessionId });
      expect(await sessionClaims(jar({ 'authjs.session-token': token }), randomBytes(32).toString('base64url'))).toBeNull();
      expect(await sessionClaims(jar({ '__Secure-authjs.session-token': token }), secret)).toBeNull();
      expect(await sessionClaims(jar({ 'authjs.session-token': token }), secret)).toEqual({ userId, sessionId });
    });
  });

  it('is recognised by name alone, whole or in chunks, and nothing else is', () => {
    for (const name of ['authjs.session-token', '__Secure-authjs.session-token', 'authjs.session-token.0', '__Secure-authjs.session-token.12']) {
      expect(isSessionCookie(name)).toBe(true);
    }
    for (const name of ['authjs.session-token.', 'authjs.session-token.x', 'authjs.session-token0', 'xauthjs.session-token', 'authjs.csrf-token', '__Host-authjs.session-token', 'authjs.session-token.1a']) {
      expect(isSessionCookie(name)).toBe(false);
    }
  });
});
