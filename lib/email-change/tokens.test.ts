import { describe, expect, it } from 'vitest';
import { hashToken, looksLikeToken, newToken } from './tokens';

describe('verification tokens', () => {
  it('are 32 random bytes in base64url, stored only as their SHA-256', () => {
    const { token, tokenHash } = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash).toBe(hashToken(token));
    expect(tokenHash).not.toContain(token);
  });

  it('never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newToken().token));
    expect(tokens.size).toBe(1000);
  });

  it('are recognised only in their exact shape', () => {
    expect(looksLikeToken(newToken().token)).toBe(true);
    expect(looksLikeToken('short')).toBe(false);
    expect(looksLikeToken(`${newToken().token}x`)).toBe(false);
    expect(looksLikeToken(['a'])).toBe(false);
    expect(looksLikeToken(`${'a'.repeat(42)}=`)).toBe(false);
  });
});
