/**
 * RFC 9457 problem details. Every failure of the JSON API is one of these codes,
 * with a stable `code` the mobile app can switch on.
 */
export const problemCodes = {
  invalid_request: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The body is not valid JSON' },
  idempotency_key_required: { status: 400, title: 'An Idempotency-Key header (a UUID) is required' },
  unauthorized: { status: 401, title: 'Sign in first' },
  invalid_credentials: { status: 401, title: 'That mobile number and password do not match' },
  reauth_failed: { status: 401, title: 'Wrong password' },
  biometric_failed: { status: 401, title: 'Biometrics did not confirm it is you' },
  reauth_required: { status: 403, title: 'Confirm it is you first' },
  cross_origin: { status: 403, title: 'Requests from other sites are refused' },
  on_hold: { status: 403, title: 'E-mail changes are on hold on this account; support can lift the hold' },
  password_reset_required: { status: 403, title: 'This account needs a new password after a recovery' },
  biometrics_blocked: { status: 403, title: 'Biometrics are refused for a while; use the password' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'This method is not allowed here' },
  no_pending_request: { status: 404, title: 'There is no e-mail change waiting to be confirmed' },
  email_taken: { status: 409, title: 'This e-mail address is linked to another account' },
  token_used: { status: 409, title: 'This link was already used' },
  token_expired: { status: 410, title: 'This link has expired' },
  token_superseded: { status: 410, title: 'A newer link was sent' },
  token_invalid: { status: 400, title: 'This link is not valid' },
  code_invalid: { status: 400, title: 'That code is not right' },
  code_locked: { status: 423, title: 'Too many wrong codes; send a new link and code' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  unsupported_media_type: { status: 415, title: 'Send application/json' },
  invalid_email: { status: 422, title: 'Enter an e-mail address like name@example.com' },
  same_email: { status: 422, title: 'This is already your e-mail address' },
  disposable_email: { status: 422, title: 'Throwaway addresses cannot be used; use an address you will keep' },
  no_mail_server: { status: 422, title: 'No mail server answers for this address’s domain' },
  locked: { status: 423, title: 'Too many wrong attempts; changes are locked for a while' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
} as const;

export type ProblemCode = keyof typeof problemCodes;

export interface ProblemExtras {
  detail?: string;
  errors?: { field: string; message: string }[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export function problem(code: ProblemCode, extras: ProblemExtras = {}): Response {
  const { status, title } = problemCodes[code];
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
