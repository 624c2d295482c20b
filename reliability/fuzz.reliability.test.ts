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

it('mobile numbers and tokens: only their exact shapes pass (10,000 cases)', () => {
  fc.assert(
    fc.property(typed, (input) => {
      const number = normalizeMobileNumber(input);
      if (number !== null) expect(number).toMatch(/^9[678]\d{8}$/);
      if (looksLikeToken(input)) expect(input).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }),
    { numRuns: 10_000 },
  );
});
