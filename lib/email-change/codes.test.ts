import { describe, expect, it } from 'vitest';
import { codeHash, codeKey, codeMatches, looksLikeCode, newCode } from './codes';

const key = codeKey('unit-test-secret-unit-test-secret');

describe('verification codes', () => {
  it('are six digits, leading zeros kept, and spread over the whole range', () => {
    const codes = Array.from({ length: 5_000 }, newCode);
    expect(codes.every((code) => /^\d{6}$/.test(code))).toBe(true);
    expect(new Set(codes.map((code) => code[0])).size).toBe(10);
    expect(new Set(codes).size).toBeGreaterThan(4_950);
  });

  it('match only their own request, under the right key', () => {
    const stored = codeHash(key, 'request-a', '042917');
    expect(codeMatches(key, 'request-a', stored, '042917')).toBe(true);
    expect(codeMatches(key, 'request-b', stored, '042917')).toBe(false);
    expect(codeMatches(key, 'request-a', stored, '042918')).toBe(false);
    expect(codeMatches(codeKey('another-secret-another-secret-123'), 'request-a', stored, '042917')).toBe(false);
    expect(codeMatches(key, 'request-a', null, '042917')).toBe(false);
    expect(stored).not.toContain('042917');
  });

  it('have one shape', () => {
    expect(['123456', '000000'].every(looksLikeCode)).toBe(true);
    expect(['12345', '1234567', '12345a', ' 123456', 123456, null].some(looksLikeCode)).toBe(false);
  });
});
