import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createSessionBody, emailChangeBody, reauthBody, verifyBody } from '@/lib/api/schemas';
import { signInSchema } from '@/lib/auth/schema';
import { maxEmailLength, normalizeEmail } from '@/lib/email-change/address';
import { emailChangeSchema, reauthPasswordSchema } from '@/lib/email-change/schema';
import { looksLikeToken } from '@/lib/email-change/tokens';
import { normalizeMobileNumber } from '@/lib/mobile-number';

const anything = fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true });
const typed = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.emailAddress(), fc.webUrl());

it('every form and API schema answers any input with a result, never an exception (10,000 cases)', () => {
  const schemas = [signInSchema, emailChangeSchema, reauthPasswordSchema, createSessionBody, emailChangeBody, reauthBody, verifyBody];
  fc.assert(
    fc.property(fc.constantFrom(...schemas), fc.oneof(anything, fc.record({ email: typed, password: typed, mobileNumber: typed, token: typed, method: typed })), (schema, input) => {
      const result = schema.safeParse(input);
      expect(typeof result.success).toBe('boolean');
    }),
    { numRuns: 10_000 },
  );
});

it('a stored address is always safe: one @, no whitespace or controls, bounded, stable (10,000 cases)', () => {
  fc.assert(
    fc.property(fc.oneof(typed, fc.emailAddress().map((address) => ` ${address.toUpperCase()}\t`)), (input) => {
      const result = normalizeEmail(input);
      if (!result.ok) return;
      expect(result.email).not.toMatch(/[\s\u0000-\u001f\u007f]/);
      expect(result.email.split('@')).toHaveLength(2);
      expect(result.email.length).toBeLessThanOrEqual(maxEmailLength);
      expect(normalizeEmail(result.email)).toEqual(result);
    }),
    { numRuns: 10_000 },
  );
});

// Valid mobile numbers built independently of the parser: 98/97/96 and eight digits, typed the ways people type them.
const mobileNumber = fc.tuple(fc.constantFrom('96', '97', '98'), fc.stringMatching(/^\d{8}$/)).map(([prefix, rest]) => `${prefix}${rest}`);
const typedNumber = fc.tuple(mobileNumber, fc.constantFrom('', '+977', '+977 ', '977', '+977-'), fc.constantFrom('', ' ', '-')).map(([digits, country, separator]) => ({
  digits,
  typed: `${country}${digits.slice(0, 3)}${separator}${digits.slice(3, 6)}${separator}${digits.slice(6)}`,
}));

it('mobile numbers: every way of typing a real number gives its ten digits; a damaged one gives nothing (10,000 cases)', () => {
  fc.assert(
    fc.property(typedNumber, fc.constantFrom('x', '#', '1', '0'), fc.nat(20), ({ digits, typed: shown }, junk, at) => {
      expect(normalizeMobileNumber(shown)).toBe(digits);
      // A letter, a sign or one digit too many anywhere makes it no number at all.
      expect(normalizeMobileNumber(`${shown.slice(0, at)}${junk}${shown.slice(at)}`)).toBeNull();
    }),
    { numRuns: 10_000 },
  );
});

it('tokens: exactly the encodings of 32 random bytes pass (10,000 cases)', () => {
  const token = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64url'));
  const notToken = fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 64 }).filter((bytes) => bytes.length !== 32).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc.tuple(token, fc.nat(42), fc.constantFrom('+', '/', '=', ' ', '.', '%')).map(([value, at, char]) => `${value.slice(0, at)}${char}${value.slice(at + 1)}`),
    typed,
  );
  fc.assert(
    fc.property(token, notToken, (good, bad) => {
      expect(looksLikeToken(good)).toBe(true);
      // The oracle is the encoding itself, not a copy of the check: a token decodes to 32 bytes and back to itself.
      const decodes = Buffer.from(bad, 'base64url');
      expect(looksLikeToken(bad)).toBe(decodes.length === 32 && decodes.toString('base64url') === bad);
    }),
    { numRuns: 10_000 },
  );
});
