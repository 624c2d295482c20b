import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect, test } from './fixtures/test';
import { createAccount, sql, uniqueAddress } from './fixtures/accounts';
import { ApiClient, openApi } from './fixtures/api';
import { waitForMessage } from './fixtures/inbox';
import { accounts } from './fixtures/test-app';

const tokenIn = (html: string) => html.match(/token=([A-Za-z0-9_-]{43})/)![1]!;

test.describe('JSON API contract', () => {
  test('[API] the OpenAPI document is served and valid', async ({ request }) => {
    const result = await new Validator().validate(structuredClone(await openApi(request)) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
  });

  test('[API] sessions: bearer token, wrong credentials, bad bodies, revocation', async ({ request }) => {
    const account = await createAccount();
    const api = new ApiClient(request);
    expect((await api.call('POST', '/sessions', { data: { mobileNumber: account.mobileNumber, password: 'wrong' } })).body.code).toBe('invalid_credentials');
    expect((await api.call('POST', '/sessions', { raw: '{"mobileNumber": ' })).body.code).toBe('malformed_json');
    expect((await api.call('POST', '/sessions', { raw: 'x', headers: { 'content-type': 'text/plain' } })).body.code).toBe('unsupported_media_type');
    expect((await api.call('POST', '/sessions', { data: { mobileNumber: 'x'.repeat(20_000), password: 'p' } })).body.code).toBe('payload_too_large');
    const unknown = await api.call('POST', '/sessions', { data: { mobileNumber: account.mobileNumber, password: 'p', admin: true } });
    expect(unknown.body).toMatchObject({ code: 'invalid_request', errors: [{ field: 'admin' }] });

    await api.signIn(account.mobileNumber);
    expect((await api.call('GET', '/profile')).body).toMatchObject({ id: account.id, email: null, pendingEmail: null });
    expect((await api.call('DELETE', '/sessions/current')).status).toBe(204);
    expect((await api.call('GET', '/profile')).body.code).toBe('unauthorized');
    api.token = 'not-a-token';
    expect((await api.call('GET', '/profile')).body.code).toBe('unauthorized');
  });

  test('[API] sign-in is rate limited per account with Retry-After', async ({ request }) => {
    const account = await createAccount();
    const api = new ApiClient(request);
    for (let attempt = 0; attempt < 10; attempt += 1) await api.call('POST', '/sessions', { data: { mobileNumber: account.mobileNumber, password: 'wrong' } });
    const limited = await api.call('POST', '/sessions', { data: { mobileNumber: account.mobileNumber, password: 'Wallet@2026' } });
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('[API] e-mail change end to end, with every refusal on the way', async ({ request }) => {
    const account = await createAccount({ email: uniqueAddress('app-old') });
    const api = new ApiClient(request);
    await api.signIn(account.mobileNumber);
    const address = uniqueAddress('app');
    const change = (email: string, key: string | null = randomUUID()) =>
      api.call('POST', '/email-change', { data: { email }, headers: key ? { 'idempotency-key': key } : {} });

    expect((await change(address, null)).body.code).toBe('idempotency_key_required');
    expect((await change(address)).body.code).toBe('reauth_required');
    expect((await api.call('POST', '/reauth', { data: { method: 'password', password: 'wrong' } })).body).toMatchObject({ code: 'reauth_failed', attemptsLeft: 4 });
    expect((await api.call('POST', '/reauth/passkey-options')).body.code).toBe('not_found');
    expect((await api.call('POST', '/reauth', { data: { method: 'password', password: 'Wallet@2026' } })).status).toBe(200);

    expect((await change('not-an-address')).body).toMatchObject({ code: 'invalid_email', errors: [{ field: 'email' }] });
    expect((await change(account.email!.toUpperCase())).body.code).toBe('same_email');
    expect((await change(accounts.verified.email)).body.code).toBe('email_taken');

    const key = randomUUID();
    const accepted = await change(address, key);
    expect(accepted.status).toBe(202);
    expect((await change(address, key)).body).toEqual(accepted.body);
    const limited = await change(uniqueAddress('other'));
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await api.call('GET', '/profile')).body.pendingEmail).toMatchObject({ email: address });

    // The app signed in on a second phone, before the change.
    const otherPhone = new ApiClient(request);
    await otherPhone.signIn(account.mobileNumber);
    expect((await otherPhone.call('GET', '/profile')).status).toBe(200);

    const token = tokenIn((await waitForMessage(address, /Confirm your email address/)).html);
    expect((await api.call('POST', '/email-change/verify', { data: { token: 'A'.repeat(43) } })).body.code).toBe('token_invalid');
    expect((await api.call('POST', '/email-change/verify', { data: { token } })).body).toEqual({ outcome: 'verified', email: address });
    expect((await api.call('POST', '/email-change/verify', { data: { token } })).body.code).toBe('token_used');
    // The token that confirmed survives the change; the account's other sessions and tokens do not.
    expect((await api.call('GET', '/profile')).body.email).toBe(address);
    expect((await otherPhone.call('GET', '/profile')).body.code).toBe('unauthorized');

    const history = (await api.call('GET', '/audit-events')).body.events.map((event: { type: string }) => event.type);
    expect(history).toEqual(expect.arrayContaining(['reauth.failed', 'reauth.ok', 'email.requested', 'email.verified', 'email.changed']));
  });

  test('[API] expired and superseded links, resend and withdrawal', async ({ request }) => {
    const account = await createAccount();
    const api = new ApiClient(request);
    await api.signIn(account.mobileNumber);
    expect((await api.call('POST', '/email-change/resend')).body.code).toBe('no_pending_request');
    expect((await api.call('DELETE', '/email-change')).body.code).toBe('no_pending_request');
    await api.call('POST', '/reauth', { data: { method: 'password', password: 'Wallet@2026' } });
    const address = uniqueAddress('app-late');
    await api.call('POST', '/email-change', { data: { email: address }, headers: { 'idempotency-key': randomUUID() } });
    const first = tokenIn((await waitForMessage(address, /Confirm/)).html);

    await sql().query(`DELETE FROM rate_limits WHERE key = $1`, [`email_cooldown:${account.id}`]);
    expect((await api.call('POST', '/email-change/resend', { headers: { 'idempotency-key': 'nope' } })).body.code).toBe('idempotency_key_required');
    expect((await api.call('POST', '/email-change/resend')).status).toBe(202);
    const second = tokenIn((await waitForMessage(address, /Confirm/, 2)).html);
    expect((await api.call('POST', '/email-change/verify', { data: { token: first } })).body.code).toBe('token_superseded');

    await sql().query(`UPDATE email_change_requests SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [account.id]);
    expect((await api.call('POST', '/email-change/verify', { data: { token: second } })).body.code).toBe('token_expired');
    expect((await api.call('DELETE', '/email-change')).status).toBe(204);
    expect((await api.call('GET', '/profile')).body.pendingEmail).toBeNull();
  });

  test('[API] re-auth lock-out and biometric failures answer with their codes', async ({ request }) => {
    const account = await createAccount();
    const api = new ApiClient(request);
    await api.signIn(account.mobileNumber);
    // An assertion for a challenge never issued checks nothing: refused every time, counted towards nothing.
    const forged = { id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON: Buffer.from('{"challenge":"never-issued"}').toString('base64url') } };
    for (let time = 0; time < 4; time += 1) {
      expect((await api.call('POST', '/reauth', { data: { method: 'passkey', response: forged } })).body.code).toBe('biometric_failed');
    }
    for (const left of [4, 3, 2, 1]) {
      expect((await api.call('POST', '/reauth', { data: { method: 'password', password: 'wrong' } })).body).toMatchObject({ code: 'reauth_failed', attemptsLeft: left });
    }
    const locked = await api.call('POST', '/reauth', { data: { method: 'password', password: 'wrong' } });
    expect(locked.body.code).toBe('locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect((await api.call('POST', '/reauth', { data: { method: 'password', password: 'Wallet@2026' } })).body.code).toBe('locked');
    expect((await api.call('POST', '/email-change', { data: { email: uniqueAddress('x') }, headers: { 'idempotency-key': randomUUID() } })).body.code).toBe('locked');
    expect((await api.call('POST', '/reauth', { data: { method: 'fingerprint' } })).body.code).toBe('invalid_request');
  });
});

test('[API] an unknown path or method is problem+json too: 404 not_found, 405 method_not_allowed with Allow', async ({ request }) => {
  const document = await openApi(request);
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      if (method.toLowerCase() in operations) continue;
      const response = await request.fetch(`/api/v1${path}`, { method });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()['content-type']).toContain('application/problem+json');
      expect((await response.json()).code).toBe('method_not_allowed');
      const allow = response.headers()['allow']!.split(', ');
      expect(allow).toEqual(expect.arrayContaining(Object.keys(operations).map((known) => known.toUpperCase())));
    }
  }
  for (const [method, path] of [['GET', '/nope'], ['POST', '/email-change/undo'], ['DELETE', '/profile/x/y']] as const) {
    const response = await request.fetch(`/api/v1${path}`, { method });
    expect(response.status(), `${method} ${path}`).toBe(404);
    expect(response.headers()['content-type']).toContain('application/problem+json');
    expect((await response.json()).code).toBe('not_found');
  }
});

test('[API] the docs page lists every operation', async ({ page, request }) => {
  const document = await openApi(request);
  await page.goto('/api-docs');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wallet e-mail API');
  const count = Object.values(document.paths).reduce((sum, operations) => sum + Object.keys(operations).length, 0);
  // One section per operation, and one for the errors every operation shares.
  await expect(page.getByRole('heading', { level: 2 })).toHaveCount(count + 1);
  // Names are shown as code, never as Markdown's literal backticks; schemas and examples are all open.
  await expect(page.locator('main')).not.toContainText('`');
  await expect(page.locator('details')).toHaveCount(0);
  const withBody = Object.values(document.paths).flatMap((operations) => Object.values(operations)).filter((operation) => 'requestBody' in operation).length;
  expect(withBody).toBeGreaterThan(3);
  await expect(page.getByText('Example request body')).toHaveCount(withBody);
});
