import { describe, expect, it } from 'vitest';
import { seal, sealKey, unseal } from './seal';

describe('seal', () => {
  const key = sealKey('a-test-secret-that-is-long-enough-123');

  it('round-trips and never shows the plaintext', () => {
    const sealed = seal(key, 'token-value');
    expect(sealed).not.toContain('token-value');
    expect(unseal(key, sealed)).toBe('token-value');
    expect(seal(key, 'token-value')).not.toBe(sealed);
  });

  it('refuses a tampered value or another key', () => {
    const sealed = seal(key, 'token-value');
    const [iv, tag, body] = sealed.split('.');
    const flipped = `${body!.startsWith('A') ? 'B' : 'A'}${body!.slice(1)}`;
    expect(() => unseal(key, `${iv}.${tag}.${flipped}`)).toThrow();
    expect(() => unseal(sealKey('another-secret-that-is-long-enough-456'), sealed)).toThrow();
    expect(() => unseal(key, 'garbage')).toThrow();
  });
});
