import 'server-only';
/**
 * One wrapper for every JSON API route: who is calling (bearer token or the web
 * session cookie; a cookie call that changes something must come from our own
 * origin), the body (JSON only, size-capped, parsed with the shared zod schema,
 * unknown fields refused), and a problem+json for anything that goes wrong —
 * never an unhandled 500 for what a client can send.
 */
import type { z } from 'zod';
import { sessionConfig } from '@/lib/auth/config';
import { currentUser } from '@/lib/auth/require-user';
import { appSession } from '@/lib/auth/sessions';
import { apiWords, inLanguage, problem, type ProblemCode } from '@/lib/api/problem';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import type { User } from '@/lib/generated/prisma/client';
import { negotiateLocale } from '@/lib/i18n/locales';
import type { MessageKey } from '@/lib/i18n/translator';
import { log } from '@/lib/log';
import { requestMeta, type RequestMeta } from '@/lib/request-meta';

export interface Caller {
  user: User;
  // The server-side session: the web session of the cookie, or the app's token.
  sessionId: string;
}

interface Context {
  request: Request;
  meta: RequestMeta;
  now: Date;
}

async function caller(request: Request, now: Date): Promise<Caller | null> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) return null;
    const session = await appSession(db(), token, now, sessionConfig());
    return session && { user: session.user, sessionId: session.id };
  }
  const user = await currentUser();
  return user && { user, sessionId: user.sessionId };
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the session cookie with any request to us, even one a page on
 * another site makes it send. So a cookie call that changes something must name our
 * site as its Origin — the rule Next.js applies to server actions (the Origin's host
 * is the request's host) — and, stricter than that rule, must carry an Origin at all.
 * Bearer tokens are never sent by a browser on its own and need no such check.
 */
function crossOrigin(request: Request) {
  if (safeMethods.has(request.method) || request.headers.has('authorization')) return false;
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || !host) return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<{ ok: true; body: T } | { ok: false; response: Response }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return { ok: false, response: problem('unsupported_media_type') };
  const limit = env().API_MAX_BODY_BYTES;
  const tooLarge = () => ({ ok: false as const, response: problem('payload_too_large', { detail: apiWords()('problems.detailBodyLimit', { limit }) }) });
  if (Number(request.headers.get('content-length') ?? 0) > limit) return tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > limit) return tooLarge();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, response: problem('malformed_json') };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, body: parsed.data };
  // Our schemas' messages are keys of messages/*.json; zod's own (a wrong type, an unknown field) stay as zod words them.
  const t = apiWords();
  const errors = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(body)'),
    message: t.has(issue.message as MessageKey) ? t(issue.message as MessageKey) : issue.message,
  }));
  const code: ProblemCode = parsed.error.issues.every((issue) => issue.path[0] === 'email') ? 'invalid_email' : 'invalid_request';
  return { ok: false, response: problem(code, { errors }) };
}

/** With `auth: false`, `caller` is not set and must not be used. */
export function endpoint<T = undefined>(options: {
  auth: boolean;
  body?: z.ZodType<T>;
  handle: (context: Context & { caller: Caller; body: T }) => Promise<Response>;
}) {
  return (request: Request) => inLanguage(negotiateLocale(request.headers.get('accept-language')), () => answer(request));
  async function answer(request: Request) {
    try {
      const now = new Date();
      const meta = requestMeta(request.headers);
      let who: Caller | undefined;
      if (options.auth) {
        who = (await caller(request, now)) ?? undefined;
        if (!who) return problem('unauthorized');
        if (crossOrigin(request)) return problem('cross_origin');
      }
      let body = undefined as T;
      if (options.body) {
        const read = await readBody(request, options.body);
        if (!read.ok) return read.response;
        body = read.body;
      }
      return await options.handle({ request, meta, now, caller: who as Caller, body });
    } catch (error) {
      // The request URL and headers can hold tokens: log neither.
      log().error({ err: error, path: new URL(request.url).pathname }, 'api error');
      return problem('internal_error');
    }
  }
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof methods)[number];

/**
 * Every method a route does not serve, answered as problem+json 405 with Allow (Next's
 * own 405 has no body). Each route file exports these beside its handlers.
 */
export function otherMethods<Allowed extends Method>(...allowed: Allowed[]): Record<Exclude<Method, Allowed>, (request: Request) => Response> {
  const allow = [...allowed, ...(allowed.includes('GET' as Allowed) ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const refuse = (request: Request) =>
    inLanguage(negotiateLocale(request.headers.get('accept-language')), () => {
      const response = problem('method_not_allowed', { detail: apiWords()('problems.detailAllowed', { methods: allow }) });
      response.headers.set('allow', allow);
      return response;
    });
  return Object.fromEntries(methods.filter((method) => !allowed.includes(method as Allowed)).map((method) => [method, refuse])) as Record<Exclude<Method, Allowed>, (request: Request) => Response>;
}
