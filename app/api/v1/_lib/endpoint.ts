import 'server-only';
/**
 * One wrapper for every JSON API route: who is calling (bearer token or the web
 * session cookie), the body (JSON only, size-capped, parsed with the shared zod
 * schema, unknown fields refused), and a problem+json for anything that goes
 * wrong — never an unhandled 500 for what a client can send.
 */
import type { z } from 'zod';
import { apiSessionId, authenticateApiToken } from '@/lib/auth/api-tokens';
import { currentUser } from '@/lib/auth/require-user';
import { problem, type ProblemCode } from '@/lib/api/problem';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import type { User } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';
import { requestMeta, type RequestMeta } from '@/lib/request-meta';

export interface Caller {
  user: User;
  // The re-auth window belongs to one session: a web session or one API token.
  sessionId: string;
  tokenId: string | null;
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
    const found = await authenticateApiToken(db(), token, now);
    return found && { user: found.user, sessionId: apiSessionId(found.tokenId), tokenId: found.tokenId };
  }
  const user = await currentUser();
  return user && { user, sessionId: user.sessionId, tokenId: null };
}

async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<{ ok: true; body: T } | { ok: false; response: Response }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return { ok: false, response: problem('unsupported_media_type') };
  const limit = env().API_MAX_BODY_BYTES;
  if (Number(request.headers.get('content-length') ?? 0) > limit) return { ok: false, response: problem('payload_too_large', { detail: `at most ${limit} bytes` }) };
  const text = await request.text();
  if (Buffer.byteLength(text) > limit) return { ok: false, response: problem('payload_too_large', { detail: `at most ${limit} bytes` }) };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, response: problem('malformed_json') };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(body)'),
    message: issue.message,
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
  return async (request: Request) => {
    try {
      const now = new Date();
      const meta = requestMeta(request.headers, env().TRUSTED_PROXY_HOPS);
      let who: Caller | undefined;
      if (options.auth) {
        who = (await caller(request, now)) ?? undefined;
        if (!who) return problem('unauthorized');
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
  };
}
