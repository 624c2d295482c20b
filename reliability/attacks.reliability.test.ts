/**
 * The app attacked over HTTP as an outsider would, against the production build: each
 * scenario is one finding of the security review (issue 11), written as the exploit.
 * The guarantee holds when the exploit fails.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '@/lib/email-change/tokens';
import { createTestUser } from '@/lib/test-support/db';
import type { AppServer } from '@/scripts/support/app-server';
import { appScenario, builtApp } from './helpers';
import { callAction, signInResponse, signInWeb } from './web';

const password = 'Correct-Horse-9';
const maxReauthFailures = 5;
const sendsPerHour = 5;
const messages: string[] = [];
const scenario = appScenario((raw) => messages.push(raw));
let built: Awaited<ReturnType<typeof builtApp>>;
let app: AppServer;

beforeAll(async () => {
  built = await builtApp(scenario.sink.port, {
    REAUTH_MAX_FAILURES: String(maxReauthFailures),
    EMAIL_REQUESTS_PER_HOUR: String(sendsPerHour),
    // Every request here comes from 127.0.0.1: the per-IP limits are not what these test.
    SIGNIN_MAX_FAILURES_PER_IP: '100000',
    REAUTH_MAX_FAILURES_PER_IP: '100000',
  });
  app = scenario.app = await built.start({ keepLog: true });
}, 120_000);

const account = (email?: string) => createTestUser(scenario.db, { password, email });

async function api(path: string, options: { method?: string; bearer?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${app.url}/api/v1${path}`, {
    method: options.method ?? 'POST',
    headers: {
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null };
}

async function bearerFor(mobileNumber: string, headers: Record<string, string> = {}) {
  const session = await api('/sessions', { body: { mobileNumber, password }, headers });
  expect(session.status).toBe(201);
  return session.body!.accessToken as string;
}

/** Each checked guess leaves one of these: wrong, right, or right but refused because a parallel guess locked the account. */
const checkedGuesses = ['reauth.failed', 'reauth.ok', 'reauth.refused'];
const auditCount = (userId: string, types: string[]) => scenario.db.auditEvent.count({ where: { userId, type: { in: types } } });

/** Fires `wrong` wrong guesses at once, then the right one straight after them. */
async function parallelGuesses<T>(wrong: number, guess: (secret: string) => Promise<T>) {
  const wrongOnes = Array.from({ length: wrong }, () => guess('wrong-password'));
  const right = guess(password);
  return { wrong: await Promise.all(wrongOnes), right: await right };
}

describe('1. guess limits hold under parallel requests', () => {
  it('100 parallel password re-auths through the API, the right one last: at most the limit checked, the right one refused, each checked guess audited', async () => {
    const user = await account();
    const bearer = await bearerFor(user.mobileNumber);
    const { wrong, right } = await parallelGuesses(99, (secret) => api('/reauth', { bearer, body: { method: 'password', password: secret } }));
    expect(right.body?.code).toBe('locked');
    const checked = await auditCount(user.id, checkedGuesses);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(maxReauthFailures);
    expect(wrong.every((answer) => answer.body?.code === 'reauth_failed' || answer.body?.code === 'locked')).toBe(true);
  });

  it('100 parallel password re-auths through the server action, the right one last: the same', async () => {
    const user = await account();
    const cookie = (await signInWeb(app.url, user.mobileNumber, password))!;
    const { right } = await parallelGuesses(99, (secret) => callAction(app.url, cookie, 'reauthWithPasswordAction', [{ password: secret }]));
    expect(right.text).toContain('"code":"locked"');
    const checked = await auditCount(user.id, checkedGuesses);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(maxReauthFailures);
  });

  it('40 parallel API sign-ins with a wrong password check at most the per-account limit, and each checked one is audited', async () => {
    const user = await account();
    const answers = await Promise.all(Array.from({ length: 40 }, () => api('/sessions', { body: { mobileNumber: user.mobileNumber, password: 'wrong-password' } })));
    const checked = answers.filter((answer) => answer.body?.code === 'invalid_credentials').length;
    expect(checked).toBe(10);
    expect(answers.filter((answer) => answer.body?.code === 'rate_limited')).toHaveLength(30);
    expect(await auditCount(user.id, ['auth.sign_in_failed'])).toBe(checked);
  });
});

describe('2. sessions end on the server', () => {
  it('after sign-out a copy of the session cookie opens nothing', async () => {
    const user = await account();
    const cookie = (await signInWeb(app.url, user.mobileNumber, password))!;
    expect((await fetch(`${app.url}/profile`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    await callAction(app.url, cookie, 'signOutAction', []);
    const after = await fetch(`${app.url}/profile`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(307);
    expect(after.headers.get('location')).toMatch(/\/sign-in/);
    const reauth = await callAction(app.url, cookie, 'reauthWithPasswordAction', [{ password }]);
    expect(reauth.text).not.toContain('"ok":true');
  });

  it('the session cookie lives as long as the session and a page visit never stretches it', async () => {
    const user = await account();
    const signIn = await signInResponse(app.url, user.mobileNumber, password);
    const [issued] = signIn.headers.getSetCookie().filter((value) => value.startsWith('authjs.session-token='));
    const expires = Date.parse(issued!.match(/Expires=([^;]+)/i)![1]!);
    expect(expires - Date.now()).toBeLessThanOrEqual(12 * 3_600_000 + 60_000);
    expect(expires - Date.now()).toBeGreaterThan(12 * 3_600_000 - 60_000);
    const cookie = issued!.split(';')[0]!;
    const response = await fetch(`${app.url}/profile`, { headers: { cookie }, redirect: 'manual' });
    expect(response.status).toBe(200);
    // The proxy only checks the cookie is there; it is issued once, at sign-in.
    expect(response.headers.getSetCookie().filter((value) => value.startsWith('authjs.session-token='))).toEqual([]);
  });
});

describe('3. redirects stay on the site', () => {
  it.each(['/..//evil.example/phish', '/.%2e//evil.example', '/%2F%2Fevil.example', '/\t/evil.example', '/./\\evil.example', '/..\\/evil.example'])(
    'signed in, /sign-in?callbackUrl=%s goes to a page of ours',
    async (callbackUrl) => {
      const user = await account();
      const cookie = (await signInWeb(app.url, user.mobileNumber, password))!;
      const response = await fetch(`${app.url}/sign-in?${new URLSearchParams({ callbackUrl })}`, { headers: { cookie }, redirect: 'manual' });
      expect(response.status).toBe(307);
      expect(new URL(response.headers.get('location')!, app.url).origin).toBe(new URL(app.url).origin);
    },
  );
});

describe('4. addresses cannot be tested in bulk', () => {
  it('30 addresses after one re-auth, 10 of them wallet accounts: at most the hourly handful answered either way', async () => {
    const taken = await Promise.all(Array.from({ length: 10 }, (_, index) => account(`taken.${index}.${randomUUID().slice(0, 8)}@example.com`)));
    const user = await account();
    const bearer = await bearerFor(user.mobileNumber);
    expect((await api('/reauth', { bearer, body: { method: 'password', password } })).status).toBe(200);
    const candidates = [...taken.map((owner) => owner.email!.toUpperCase()), ...Array.from({ length: 20 }, (_, index) => `free.${index}.${randomUUID().slice(0, 8)}@example.com`)];
    const answers = [];
    for (const email of candidates.sort(() => Math.random() - 0.5)) {
      answers.push(await api('/email-change', { bearer, body: { email }, headers: { 'idempotency-key': randomUUID() } }));
    }
    const answered = answers.filter((answer) => answer.body?.code !== 'rate_limited');
    expect(answered.length).toBeLessThanOrEqual(sendsPerHour);
  });
});

describe('5. a client cannot choose its IP', () => {
  it('a forged X-Forwarded-For from a direct client changes neither the limit keys nor the audit IP', async () => {
    const user = await account();
    const forged = { 'x-forwarded-for': '203.0.113.77' };
    await api('/sessions', { body: { mobileNumber: user.mobileNumber, password: 'wrong-password' }, headers: forged });
    const bearer = await bearerFor(user.mobileNumber, forged);
    await api('/reauth', { bearer, body: { method: 'password', password: 'wrong-password' }, headers: forged });
    const events = await scenario.db.auditEvent.findMany({ where: { userId: user.id } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((event) => event.ip)).not.toContain('203.0.113.77');
    expect(await scenario.db.rateLimit.count({ where: { key: { contains: '203.0.113.77' } } })).toBe(0);
  });
});

/** A message's text as a reader sees it: quoted-printable soft breaks and escapes undone. */
const readable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('6. the owner’s alert says only what we know', () => {
  it('a hostile user agent and a forged IP do not reach the "your e-mail was changed" notice', async () => {
    const oldAddress = `owner.${randomUUID().slice(0, 8)}@example.com`;
    const user = await account(oldAddress);
    const hostile = {
      'user-agent': 'Wallet Support Desk (verified change requested by you on call) - no action needed. Questions: https://wallet-help.evil.example',
      'x-forwarded-for': '198.51.100.9, Call +977-1-5555555',
    };
    const bearer = await bearerFor(user.mobileNumber, hostile);
    expect((await api('/reauth', { bearer, body: { method: 'password', password }, headers: hostile })).status).toBe(200);
    const newAddress = `attacker.${randomUUID().slice(0, 8)}@example.com`;
    const change = await api('/email-change', { bearer, body: { email: newAddress }, headers: { ...hostile, 'idempotency-key': randomUUID() } });
    expect(change.status).toBe(202);
    const token = await waitFor(() => messages.map(readable).find((raw) => raw.includes(newAddress))?.match(/token=([A-Za-z0-9_-]{43})/)?.[1]);
    expect((await api('/email-change/verify', { bearer, body: { token }, headers: hostile })).status).toBe(200);
    const notice = await waitFor(() => messages.map(readable).find((raw) => /^To: .*owner\./m.test(raw) && raw.includes(oldAddress)));
    expect(notice).not.toMatch(/evil\.example|Support Desk|5555555|198\.51\.100\.9/);
  });
});

describe('7. cookie-authenticated API calls are same-origin only', () => {
  it('a resend forged from another origin with the session cookie is refused and the link keeps working', async () => {
    const user = await account();
    const cookie = (await signInWeb(app.url, user.mobileNumber, password))!;
    const { tokenHash } = newToken();
    const pending = await scenario.db.emailChangeRequest.create({
      data: { userId: user.id, newEmail: `csrf.${randomUUID().slice(0, 8)}@example.com`, tokenHash, idempotencyKey: randomUUID(), expiresAt: new Date(Date.now() + 3_600_000), ip: '127.0.0.1', userAgent: 'test' },
    });
    const forged = await fetch(`${app.url}/api/v1/email-change/resend`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(forged.status).toBe(403);
    expect((await scenario.db.emailChangeRequest.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe('PENDING');
  });
});

describe('8. security headers', () => {
  it('pages carry a nonce-based Content-Security-Policy that forbids framing', async () => {
    const response = await fetch(`${app.url}/sign-in`);
    const policy = response.headers.get('content-security-policy') ?? '';
    const nonce = policy.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });
});

describe('9. sign-in and sign-out are audited; CSRF failures do not flood the log', () => {
  it('web sign-in failed and ok, sign-out, and the app token issued and revoked leave audit events', async () => {
    const user = await account();
    expect(await signInWeb(app.url, user.mobileNumber, 'wrong-password')).toBeNull();
    const cookie = (await signInWeb(app.url, user.mobileNumber, password))!;
    await callAction(app.url, cookie, 'signOutAction', []);
    const bearer = await bearerFor(user.mobileNumber);
    expect((await api('/sessions/current', { method: 'DELETE', bearer })).status).toBe(204);
    const types = (await scenario.db.auditEvent.findMany({ where: { userId: user.id } })).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['auth.sign_in_failed', 'auth.signed_in', 'auth.signed_out', 'api_token.issued', 'api_token.revoked']));
  });

  it('posts to /api/auth/session without a CSRF token log one warning line each, no error and no stack', async () => {
    const user = await account();
    const cookie = (await signInWeb(app.url, user.mobileNumber, password))!;
    const before = built.log.join('').length;
    for (let index = 0; index < 20; index += 1) {
      const response = await fetch(`${app.url}/api/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
      await response.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = built.log.join('').slice(before).split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(20);
    for (const line of lines) {
      expect(line).not.toMatch(/"stack"|\n\s+at /);
      expect(JSON.parse(line)).toMatchObject({ level: 40 });
    }
  });
});

describe('10. an expired request is not revived without proving presence', () => {
  it('resend of an expired request outside a re-auth window asks for re-authentication', async () => {
    const user = await account();
    const bearer = await bearerFor(user.mobileNumber);
    await scenario.db.emailChangeRequest.create({
      data: { userId: user.id, newEmail: `late.${randomUUID().slice(0, 8)}@example.com`, tokenHash: hashToken(randomUUID()), idempotencyKey: randomUUID(), expiresAt: new Date(Date.now() - 60_000), ip: '127.0.0.1', userAgent: 'test' },
    });
    const resend = await api('/email-change/resend', { bearer });
    expect(resend.body?.code).toBe('reauth_required');
  });
});

async function waitFor<T>(find: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

