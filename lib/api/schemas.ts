/**
 * The JSON API's request and response shapes. Request bodies reuse the forms'
 * schemas (one rule for web and app); the OpenAPI document is generated from these.
 */
import { z } from 'zod';
import { signInSchema, webAuthnResponseSchema } from '@/lib/auth/schema';
import { emailField, reauthPasswordSchema } from '@/lib/email-change/schema';
import { problemCodes } from '@/lib/api/problem';

export const createSessionBody = signInSchema.strict();
export const reauthBody = z.discriminatedUnion('method', [
  reauthPasswordSchema.extend({ method: z.literal('password') }).strict(),
  z
    .object({
      method: z.literal('passkey'),
      // A WebAuthn assertion as @simplewebauthn/browser's startAuthentication() returns it.
      response: webAuthnResponseSchema,
    })
    .strict(),
]);
export const emailChangeBody = z.object({ email: emailField }).strict();
export const verifyBody = z.union([
  z.object({ token: z.string().max(200).describe('the token from the link in the verification e-mail') }).strict(),
  z.object({ code: z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from the e-mail').describe('the 6-digit code from the verification e-mail') }).strict(),
]);

export const session = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds'),
});
export const profile = z.object({
  id: z.uuid(),
  displayName: z.string(),
  mobileNumber: z.string(),
  email: z.string().nullable(),
  emailVerifiedAt: z.iso.datetime().nullable(),
  pendingEmail: z
    .object({
      email: z.string(),
      expiresAt: z.iso.datetime(),
      expired: z.boolean(),
      delivery: z.enum(['queued', 'sent', 'failed', 'bounced']),
      deliveryError: z.string().nullable().describe('the mail server’s refusal of the address, in its words (a bounce, or a 5xx reply): the app should offer to change the address; null otherwise'),
    })
    .nullable(),
  hasPasskey: z.boolean(),
  emailChangesOnHold: z.boolean().describe('after a recovery, or by support: e-mail changes are refused (on_hold) until support lifts the hold'),
});
export const reauthOk = z.object({ privilegedUntil: z.iso.datetime() });
export const passkeyOptions = z.object({ options: z.record(z.string(), z.unknown()) });
const suggestion = z.string().nullable().describe('"Did you mean …?" for a likely typo in the domain; never blocks');
export const emailChangeAccepted = z.object({ requestId: z.uuid(), email: z.string(), expiresAt: z.iso.datetime(), suggestion });
export const emailCheckBody = emailChangeBody;
export const emailCheck = z.object({
  email: z.string().describe('the address as it would be stored'),
  suggestion,
  disposable: z.boolean().describe('a throwaway-mail domain: POST /email-change would refuse it (disposable_email)'),
  mailServer: z.enum(['yes', 'none', 'unknown', 'not_checked']).describe('none: POST /email-change would refuse it (no_mail_server); unknown: DNS did not answer, the send goes ahead'),
});
export const verified = z.object({ outcome: z.literal('verified'), email: z.string() });
export const auditEvents = z.object({
  events: z.array(z.object({ type: z.string(), at: z.iso.datetime(), ip: z.string().nullable(), userAgent: z.string().nullable() })),
});
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(Object.keys(problemCodes) as [keyof typeof problemCodes, ...(keyof typeof problemCodes)[]]),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  retryAfterSeconds: z.number().int().optional(),
  attemptsLeft: z.number().int().optional().describe('reauth_failed: tries before the lock-out; code_invalid: wrong codes left before a new one must be sent'),
  until: z.iso.datetime().optional().describe('locked, biometrics_blocked: when it ends'),
  suggestion: z.string().nullable().optional().describe('no_mail_server, disposable_email: the address the user probably meant'),
});
