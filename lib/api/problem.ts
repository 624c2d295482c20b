/**
 * RFC 9457 problem details. Every failure of the JSON API is one of these codes,
 * with a stable `code` the mobile app can switch on. The `title` (and any `detail`)
 * is in the caller's language: endpoint() reads Accept-Language and runs the handler
 * inside `inLanguage`, and the words come from messages/*.json ("problems").
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { defaultLocale, type Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translator';

const language = new AsyncLocalStorage<Locale>();

/** Runs `work` with problems (and `apiWords()`) in `locale`. */
export const inLanguage = <T>(locale: Locale, work: () => T) => language.run(locale, work);

/** The language of the request being answered. */
export const apiLocale = (): Locale => language.getStore() ?? defaultLocale;

/** The words of the request being answered: for a problem's `detail` or a field error. */
export const apiWords = () => translator(apiLocale());

export const problemCodes = {
  invalid_request: { status: 400 },
  malformed_json: { status: 400 },
  idempotency_key_required: { status: 400 },
  unauthorized: { status: 401 },
  invalid_credentials: { status: 401 },
  reauth_failed: { status: 401 },
  biometric_failed: { status: 401 },
  reauth_required: { status: 403 },
  cross_origin: { status: 403 },
  on_hold: { status: 403 },
  password_reset_required: { status: 403 },
  biometrics_blocked: { status: 403 },
  not_found: { status: 404 },
  method_not_allowed: { status: 405 },
  no_pending_request: { status: 404 },
  email_taken: { status: 409 },
  token_used: { status: 409 },
  token_expired: { status: 410 },
  token_superseded: { status: 410 },
  token_invalid: { status: 400 },
  code_invalid: { status: 400 },
  code_locked: { status: 423 },
  payload_too_large: { status: 413 },
  unsupported_media_type: { status: 415 },
  invalid_email: { status: 422 },
  same_email: { status: 422 },
  disposable_email: { status: 422 },
  no_mail_server: { status: 422 },
  locked: { status: 423 },
  rate_limited: { status: 429 },
  internal_error: { status: 500 },
  feature_unavailable: { status: 403 },
} as const;

export type ProblemCode = keyof typeof problemCodes;

export interface ProblemExtras {
  detail?: string;
  errors?: { field: string; message: string }[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export function problem(code: ProblemCode, extras: ProblemExtras = {}): Response {
  const { status } = problemCodes[code];
  const title = apiWords()(`problems.${code}`);
  const { retryAfterSeconds, ...rest } = extras;
  const headers = new Headers({ 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  if (retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  const body = { type: `https://wallet.example.com/problems/${code.replace(/_/g, '-')}`, title, status, code, ...rest };
  if (retryAfterSeconds !== undefined) Object.assign(body, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  return new Response(JSON.stringify(body), { status, headers });
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}
