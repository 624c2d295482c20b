/**
 * The OpenAPI 3.1 document for /api/v1, generated from the same zod schemas the
 * routes parse with (zod 4's JSON Schema output, which is OpenAPI 3.1's dialect).
 */
import { z } from 'zod';
import { problemCodes, type ProblemCode } from '@/lib/api/problem';
import * as schemas from '@/lib/api/schemas';

const input = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const output = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });

const problemRef = { $ref: '#/components/schemas/Problem' };

function responses(success: Record<string, unknown>, codes: ProblemCode[]) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of [...codes, 'internal_error' as const]) {
    const { status } = problemCodes[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const failures = Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.join(', '),
        ...(status === 429 || list.includes('locked') ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } } } : {}),
        content: { 'application/problem+json': { schema: problemRef } },
      },
    ]),
  );
  return { ...success, ...failures };
}

const ok = (status: number, description: string, schema?: z.ZodType, example?: unknown) => ({
  [String(status)]: schema ? { description, content: { 'application/json': { schema: output(schema), ...(example ? { example } : {}) } } } : { description },
});
const body = (schema: z.ZodType, example: unknown) => ({ required: true, content: { 'application/json': { schema: input(schema), example } } });

// Examples a developer can copy: the demo account of `npm start` and realistic answers.
const at = '2026-12-03T10:05:00.000Z';
const examples = {
  signIn: { mobileNumber: '9800000001', password: 'Wallet@2026' },
  session: { accessToken: 'q3Vx0m9yqD8d1n4u7Kc2m1Zf0s9R5bT6wYxLkPa2E4c', tokenType: 'Bearer', expiresIn: 3600 },
  reauth: { method: 'password', password: 'Wallet@2026' },
  change: { email: 'aarav@example.com' },
  accepted: { requestId: '01a23d8e-bee9-731c-acc8-c82a323d2b39', email: 'aarav@example.com', expiresAt: at, suggestion: null },
  verify: { code: '042917' },
  profile: {
    id: '01a23d35-4a22-765b-996d-3d23ee0e4dc3',
    displayName: 'Aarav Shrestha',
    mobileNumber: '9800000001',
    email: null,
    emailVerifiedAt: null,
    pendingEmail: { email: 'aarav@example.com', expiresAt: at, expired: false, delivery: 'sent', deliveryError: null },
    hasPasskey: false,
    emailChangesOnHold: false,
  },
};
const bodyErrors: ProblemCode[] = ['invalid_request', 'malformed_json', 'payload_too_large', 'unsupported_media_type'];
// A state change with the session cookie must come from the app's own pages.
const caller: ProblemCode[] = ['unauthorized', 'cross_origin'];
const idempotencyKey = (required: boolean) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required,
  description: 'A UUID per submission; a retry with the same key returns the same request and sends no second e-mail.',
  schema: { type: 'string', format: 'uuid' },
});

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wallet e-mail API',
      version: '1.0.0',
      description:
        'The mobile app\'s profile e-mail screens. Every error is RFC 9457 problem+json with a stable `code`, including an unknown path (404 `not_found`) and a method a path does not serve (405 `method_not_allowed`, with an `Allow` header).',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }, { session: [] }],
    paths: {
      '/sessions': {
        post: {
          summary: 'Sign in with mobile number and password; returns a short-lived bearer token',
          security: [],
          requestBody: body(schemas.createSessionBody, examples.signIn),
          responses: responses(ok(201, 'Signed in', schemas.session, examples.session), [...bodyErrors, 'invalid_credentials', 'password_reset_required', 'rate_limited']),
        },
      },
      '/sessions/current': {
        delete: { summary: 'Sign out: the bearer token (or web session) in use stops working at once', responses: responses(ok(204, 'Signed out'), caller) },
      },
      '/profile': {
        get: { summary: 'The signed-in profile', responses: responses(ok(200, 'Profile', schemas.profile, examples.profile), ['unauthorized']) },
      },
      '/reauth': {
        post: {
          summary: 'Re-authenticate (password or passkey) before an e-mail change; opens a short privileged window',
          requestBody: body(schemas.reauthBody, examples.reauth),
          responses: responses(ok(200, 'Re-authenticated', schemas.reauthOk, { privilegedUntil: at }), [
            ...bodyErrors,
            ...caller,
            'reauth_failed',
            'biometric_failed',
            'biometrics_blocked',
            'locked',
            'rate_limited',
            'not_found',
          ]),
        },
      },
      '/reauth/passkey-options': {
        post: {
          summary: 'A single-use WebAuthn challenge for a passkey re-auth',
          responses: responses(ok(200, 'Options for navigator.credentials.get()', schemas.passkeyOptions), [...caller, 'biometrics_blocked', 'locked', 'not_found']),
        },
      },
      '/email-change': {
        post: {
          summary: 'Add or change the e-mail; a verification link is sent to the new address',
          parameters: [idempotencyKey(true)],
          requestBody: body(schemas.emailChangeBody, examples.change),
          responses: responses(ok(202, 'Link and code queued', schemas.emailChangeAccepted, examples.accepted), [
            ...bodyErrors,
            ...caller,
            'idempotency_key_required',
            'invalid_email',
            'same_email',
            'disposable_email',
            'no_mail_server',
            'email_taken',
            'on_hold',
            'feature_unavailable',
            'reauth_required',
            'locked',
            'rate_limited',
          ]),
        },
        delete: { summary: 'Withdraw the unconfirmed change', responses: responses(ok(204, 'Withdrawn'), [...caller, 'no_pending_request']) },
      },
      '/email-change/check': {
        post: {
          summary: 'Check an address before sending: a likely typo ("Did you mean …?"), a throwaway domain, a domain with no mail server. Changes nothing',
          requestBody: body(schemas.emailCheckBody, { email: 'sita@gmial.com' }),
          responses: responses(
            ok(200, 'What is known about the address', schemas.emailCheck, { email: 'sita@gmial.com', suggestion: 'sita@gmail.com', disposable: false, mailServer: 'none' }),
            [...bodyErrors, ...caller, 'invalid_email'],
          ),
        },
      },
      '/email-change/resend': {
        post: {
          summary: 'Send a fresh link for the pending address; the previous one stops working. A link that has expired is only renewed inside a re-auth window',
          parameters: [idempotencyKey(false)],
          responses: responses(ok(202, 'Link queued', schemas.emailChangeAccepted), [
            ...caller,
            'idempotency_key_required',
            'no_pending_request',
            'email_taken',
            'on_hold',
            'feature_unavailable',
            'reauth_required',
            'locked',
            'rate_limited',
          ]),
        },
      },
      '/email-change/verify': {
        post: {
          summary: 'Confirm the new address: with the 6-digit code from the verification e-mail, or with the token from its link (the app\'s deep link)',
          requestBody: body(schemas.verifyBody, examples.verify),
          responses: responses(ok(200, 'Verified', schemas.verified, { outcome: 'verified', email: 'aarav@example.com' }), [
            ...bodyErrors,
            ...caller,
            'token_expired',
            'token_used',
            'token_superseded',
            'token_invalid',
            'code_invalid',
            'code_locked',
            'email_taken',
          ]),
        },
      },
      '/audit-events': {
        get: {
          summary: 'The account\'s security history, newest first',
          responses: responses(
            ok(200, 'Events', schemas.auditEvents, { events: [{ type: 'email.changed', at, ip: '27.34.12.9', userAgent: 'Wallet/2.4 (Android 15)' }] }),
            ['unauthorized'],
          ),
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'From POST /sessions' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'authjs.session-token',
          description: 'The web session. Requests that change something must carry an Origin header naming this site; others get 403 cross_origin.',
        },
      },
      schemas: { Problem: output(schemas.problemSchema) },
    },
  };
}
