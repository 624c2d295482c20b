import fc from 'fast-check';
import { expect, test } from '@playwright/test';
import { createAccount } from './fixtures/accounts';
import { ApiClient } from './fixtures/api';

// Whatever a client sends, the answer is a documented 2xx or a 4xx problem+json with
// a code: never a 5xx. Bodies mix valid-looking and hostile values.
const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.emailAddress(),
  fc.constantFrom('', ' ', '\r\n', 'a@b.c\r\nBcc: x@y.z', '9800000001', 'Wallet@2026', '🙂@example.com', 'x'.repeat(5000)),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string(), { maxKeys: 3 }),
);
const body = fc.oneof(
  fc.record({ email: value }, { requiredKeys: [] }),
  fc.record({ mobileNumber: value, password: value }, { requiredKeys: [] }),
  fc.record({ method: fc.constantFrom('password', 'passkey', 'x'), password: value, response: value }, { requiredKeys: [] }),
  fc.record({ token: value }, { requiredKeys: [] }),
  fc.dictionary(fc.string({ maxLength: 20 }), value, { maxKeys: 5 }),
  value,
);
const raw = fc.oneof(
  body.map((data) => JSON.stringify(data)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '[]', 'null', '{"email":', '\u0000', '{"__proto__":{"admin":true}}'),
);
const endpoints = [
  ['POST', '/sessions'],
  ['POST', '/reauth'],
  ['POST', '/email-change'],
  ['POST', '/email-change/resend'],
  ['POST', '/email-change/verify'],
  ['DELETE', '/email-change'],
  ['GET', '/profile'],
] as const;

test('[API] fuzzed bodies, headers and tokens never produce a 5xx', async ({ request }) => {
  test.setTimeout(240_000);
  const account = await createAccount();
  const api = new ApiClient(request);
  await api.signIn(account.mobileNumber);
  const token = api.token!;

  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...endpoints),
      raw,
      fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', 'multipart/form-data'),
      fc.oneof(fc.constant(token), fc.string({ maxLength: 60 }), fc.constant(undefined)),
      fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constant(undefined)),
      async ([method, path], data, contentType, bearer, idempotencyKey) => {
        api.token = bearer;
        const headers: Record<string, string> = { 'content-type': contentType };
        if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
        const response = await api.call(method, path, method === 'GET' ? { headers } : { raw: data, headers });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.body.code).toEqual(expect.any(String));
      },
    ),
    { numRuns: 400 },
  );
});
