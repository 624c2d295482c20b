/**
 * Fuzzing over HTTP against the production build: every operation of the JSON API
 * (read from the OpenAPI document) and every server action behind the forms (read
 * from the build's action manifest), with generated bodies, query strings, headers,
 * bearer tokens and session cookies, signed in and out, inside a re-auth window and
 * outside it. Whatever arrives, the app answers without a 5xx, and every API error is
 * problem+json with a stable code.
 *
 * Actions are sent the two ways a browser can send them: the JS client's encoding of
 * an argument list (React's own encodeReply, so any value a page's code could pass)
 * and the no-JS form post (multipart with $ACTION_ID_…, any fields). The one GET form,
 * the support console's search, is fuzzed through its query string as staff.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api/openapi';
import type { Db } from '@/lib/db';
import { createApiAccounts, webSessionCookie, type ApiAccount } from '@/lib/test-support/api-accounts';
import { appScenario, builtApp } from './helpers';

const apiCases = 10_000;
const actionCases = 4_000;
const searchCases = 1_000;
const runners = 8;
const accountCount = 40;

const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-turbopack/client.edge') as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

const scenario = appScenario();

interface Account extends ApiAccount {
  cookie: string;
}

/**
 * Web sessions for the API accounts: the cookie next-auth would set. Every other
 * account's web session is inside a re-auth window, so both kinds of caller are
 * fuzzed inside a window and outside one.
 */
async function withWebSessions(db: Db, accounts: ApiAccount[], secret: string): Promise<Account[]> {
  return Promise.all(accounts.map(async (account, index) => ({ ...account, cookie: await webSessionCookie(db, secret, account.userId, { privileged: index % 2 === 1 }) })));
}

/** Every server action in the build, with a page it is served from. */
function actionsInBuild() {
  const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, action]) => {
    const page = Object.keys(action.workers)[0]!;
    const route = page.replace(/^app/, '').replace(/\/page$/, '').replace(/\/\([^)]+\)/g, '') || '/';
    return { id, route, name: `${action.filename}#${action.exportedName}` };
  });
}

// What people and programs type: plausible values, hostile ones, and structure where a string belongs.
const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.emailAddress(),
  fc.constantFrom('', ' ', '\r\n', '\u0000', 'a@b.c\r\nBcc: x@y.z', '9800000001', '+977 980-000-0001', 'Wallet@2026', '🙂@example.com', 'x'.repeat(5000), '$K1', '__proto__'),
);
const value = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 10 }), text, { maxKeys: 3, noNullPrototype: true }));
const fields = fc.record(
  { email: value, password: value, mobileNumber: value, token: value, method: fc.oneof(fc.constantFrom('password', 'passkey'), text), response: value, name: value, callbackUrl: value },
  { requiredKeys: [], noNullPrototype: true },
);
const body = fc.oneof(fields, fc.dictionary(fc.string({ maxLength: 20 }), value, { maxKeys: 5, noNullPrototype: true }), value);
/** What a page's code can pass to a server action: React serializes these (not class instances or null prototypes). */
const argument = fc.oneof(
  body,
  fc.date({ noInvalidDate: false }),
  fc.bigInt(),
  fc.constant(undefined),
  fc.array(value, { maxLength: 3 }).map((values) => new Set(values)),
  fc.array(fc.tuple(text, value), { maxLength: 3 }).map((entries) => new Map(entries)),
);
/** Header values: anything printable (fetch itself refuses control characters). */
const headerText = fc.stringMatching(/^[ -~]{0,60}$/);

/**
 * Runs `property` `cases` times, split over parallel runners with their own seeds; a
 * failure shrinks and reports its input, and the other runners stop sending.
 */
async function assertConcurrently<T>(arbitrary: fc.Arbitrary<T>, cases: number, property: (input: T) => Promise<void>) {
  const seed = Date.now();
  let failed = false;
  await Promise.all(
    Array.from({ length: runners }, (_, runner) =>
      fc
        .assert(
          fc.asyncProperty(arbitrary, async (input) => {
            if (!failed) await property(input);
          }),
          { numRuns: Math.ceil(cases / runners), seed: seed + runner },
        )
        .catch((error: unknown) => {
          failed = true;
          throw error;
        }),
    ),
  );
}

it(`${apiCases} fuzzed API requests, ${actionCases} form submissions and ${searchCases} searches: never a 5xx, API errors are problem+json with a code`, { timeout: 900_000 }, async () => {
  const { db, sink } = scenario;
  const built = await builtApp(sink.port);
  scenario.app = await built.start();
  const accounts = await withWebSessions(db, await createApiAccounts(db, accountCount), built.env.AUTH_SECRET);
  // One of them is support staff, so the staff-only pages and actions get past their gate.
  const staff = accounts[0]!;
  await db.user.update({ where: { id: staff.userId }, data: { role: 'STAFF' } });
  const account = fc.constantFrom(...accounts);

  // The JSON API, operation by operation as documented.
  const operations = Object.entries(openApiDocument(built.url).paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), route })));
  const apiRequest = fc.record({
    operation: fc.constantFrom(...operations),
    body: fc.oneof(body.map((data) => JSON.stringify(data)), fc.string({ maxLength: 200 }), fc.constantFrom('{', '[]', 'null', '{"email":', '{"__proto__":{"admin":true}}')),
    query: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
    contentType: fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data'), headerText),
    bearer: fc.oneof(account.map((caller) => caller.bearer), headerText, fc.constant(undefined)),
    idempotencyKey: fc.oneof(fc.uuid(), headerText, fc.constant(undefined)),
    forwardedFor: fc.oneof(fc.ipV4(), fc.ipV6(), headerText, fc.constant(undefined)),
  });
  await assertConcurrently(apiRequest, apiCases, async (request) => {
    const { method, route } = request.operation;
    const headers: Record<string, string> = { 'content-type': request.contentType };
    if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`;
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    if (request.forwardedFor !== undefined) headers['x-forwarded-for'] = request.forwardedFor;
    const response = await fetch(`${built.url}/api/v1${route}?${new URLSearchParams(request.query)}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : request.body,
      redirect: 'manual',
    });
    const answer = await response.text();
    expect(response.status, `${method} ${route}: ${answer.slice(0, 300)}`).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.headers.get('content-type'), `${method} ${route}`).toMatch(/^application\/problem\+json/);
      expect((JSON.parse(answer) as { code?: unknown }).code).toEqual(expect.any(String));
    }
  });

  // The forms: every server action, as the JS client and as a no-JS form post.
  const actions = actionsInBuild();
  expect(actions.length).toBeGreaterThan(0);
  const submission = fc.record({
    action: fc.constantFrom(...actions),
    session: fc.oneof(account.map((caller) => caller.cookie), headerText.map((junk) => `authjs.session-token=${junk}`), fc.constant(undefined)),
    form: fc.oneof(
      fc.array(argument, { maxLength: 3 }).map((args) => ({ js: true as const, args })),
      fc.dictionary(fc.string({ maxLength: 20 }), text, { maxKeys: 5 }).chain((extra) => fields.map((known) => ({ js: false as const, entries: { ...extra, ...known } }))),
    ),
  });
  await assertConcurrently(submission, actionCases, async ({ action, session, form }) => {
    const headers: Record<string, string> = { origin: built.url };
    if (session !== undefined) headers.cookie = session;
    let payload: string | FormData;
    if (form.js) {
      payload = await encodeReply(form.args);
      headers['next-action'] = action.id;
      headers.accept = 'text/x-component';
      if (typeof payload === 'string') headers['content-type'] = 'text/plain;charset=UTF-8';
    } else {
      payload = new FormData();
      payload.append(`$ACTION_ID_${action.id}`, '');
      for (const [key, entry] of Object.entries(form.entries)) payload.append(key, typeof entry === 'string' ? entry : JSON.stringify(entry));
    }
    const response = await fetch(`${built.url}${action.route}`, { method: 'POST', headers, body: payload, redirect: 'manual' });
    const answer = await response.text();
    expect(response.status, `${action.name} (${form.js ? 'JS' : 'no-JS form'}): ${answer.slice(0, 300)}`).toBeLessThan(500);
  });

  // The one GET form: the support console's search, as staff, with whatever is typed or put in the URL.
  // A fresh staff session: the actions above include signing out, which really ends a session now.
  const staffCookie = await webSessionCookie(db, built.env.AUTH_SECRET, staff.userId);
  const search = fc.record({ q: fc.oneof(text, fc.array(text, { maxLength: 2 })), unlocked: fc.oneof(fc.uuid(), text), extra: fc.string({ maxLength: 20 }) });
  await assertConcurrently(search, searchCases, async ({ q, unlocked, extra }) => {
    const query = new URLSearchParams([...[q].flat().map((value) => ['q', value]), ['unlocked', unlocked], [extra, extra]]);
    const response = await fetch(`${built.url}/support?${query}`, { headers: { cookie: staffCookie }, redirect: 'manual' });
    expect(response.status, `GET /support?${query}`).toBe(200);
    await response.arrayBuffer();
  });
});
