/**
 * The 6-digit code in each verification e-mail, beside the link (DESIGN §8), for when
 * the link opens in another browser or on another device. A million codes are too few
 * for a plain hash (anyone with the database could try them all), so the stored value
 * is an HMAC keyed by a secret derived from AUTH_SECRET, and it is bound to its request
 * by that request's token hash: the same code means nothing for another request.
 */
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';

export const codeLength = 6;

/** The key codes are hashed with; from AUTH_SECRET, apart from every other key derived from it. */
export function codeKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'wallet-email', 'verification-code-v1', 32));
}

/** Six digits, uniformly from a CSPRNG. */
export function newCode(): string {
  return String(randomInt(0, 10 ** codeLength)).padStart(codeLength, '0');
}

export function codeHash(key: Buffer, tokenHash: string, code: string): string {
  return createHmac('sha256', key).update(`${tokenHash}:${code}`).digest('hex');
}

export function looksLikeCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{6}$/.test(value);
}

/** Constant-time comparison of a typed code with the stored hash. */
export function codeMatches(key: Buffer, tokenHash: string, stored: string | null, typed: string): boolean {
  if (!stored) return false;
  const given = Buffer.from(codeHash(key, tokenHash, typed), 'hex');
  const expected = Buffer.from(stored, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
