/** Domain outcomes as API answers: one place that turns each failure into its problem code. */
import type { BiometricResult } from '@/lib/auth/passkeys';
import type { ReauthResult } from '@/lib/auth/reauth';
import type { CodeOutcome } from '@/lib/email-change/confirm';
import type { RequestResult } from '@/lib/email-change/request';
import { apiLocale, apiWords, json, problem } from '@/lib/api/problem';
import { outcomeMessages } from '@/lib/email-change/messages';
import { suggestAddress } from '@/lib/email-change/suggest';

const secondsUntil = (until: Date, now: Date) => (until.getTime() - now.getTime()) / 1000;

// The words of the request being answered (Accept-Language, set by endpoint()).
const messages = () => outcomeMessages(apiLocale());

export function requestResponse(result: RequestResult, now: Date, status = 202): Response {
  if (result.ok) return json({ requestId: result.requestId, email: result.email, expiresAt: result.expiresAt.toISOString(), suggestion: suggestAddress(result.email) }, status);
  switch (result.code) {
    case 'locked':
      return problem('locked', { until: result.until.toISOString(), retryAfterSeconds: secondsUntil(result.until, now) });
    case 'rate_limited':
      return problem('rate_limited', { retryAfterSeconds: result.retryAfterSeconds });
    case 'disposable_email':
      return problem('disposable_email', { errors: [{ field: 'email', message: messages().disposable(result.domain, result.suggestion) }], suggestion: result.suggestion });
    case 'no_mail_server':
      return problem('no_mail_server', {
        detail: apiWords()('problems.detailNoMailServer', { domain: result.domain }),
        errors: [{ field: 'email', message: messages().noMailServer(result.domain, result.suggestion) }],
        suggestion: result.suggestion,
      });
    default:
      return problem(result.code);
  }
}

export function reauthResponse(result: ReauthResult | BiometricResult, now: Date): Response {
  if (result.ok) return json({ privilegedUntil: result.until.toISOString() });
  switch (result.code) {
    case 'locked':
      return problem('locked', { until: result.until.toISOString(), retryAfterSeconds: secondsUntil(result.until, now) });
    case 'biometrics_blocked':
      return problem('biometrics_blocked', { until: result.until.toISOString(), retryAfterSeconds: secondsUntil(result.until, now) });
    case 'reauth_failed':
      return problem('reauth_failed', { attemptsLeft: result.attemptsLeft });
    case 'biometric_failed':
      return problem('biometric_failed');
    case 'no_passkeys':
      return problem('not_found', { detail: apiWords()('problems.detailNoPasskeys') });
    case 'rate_limited':
      return problem('rate_limited', { retryAfterSeconds: result.retryAfterSeconds });
  }
}

export function confirmResponse(result: CodeOutcome): Response {
  switch (result.outcome) {
    case 'verified':
      return json({ outcome: 'verified', email: result.email });
    case 'expired':
      return problem('token_expired');
    case 'used':
      return problem('token_used');
    case 'superseded':
      return problem('token_superseded');
    case 'invalid':
      return problem('token_invalid');
    case 'address_taken':
      return problem('email_taken');
    case 'wrong_code':
      return problem('code_invalid', { attemptsLeft: result.attemptsLeft });
    case 'code_locked':
      return problem('code_locked');
  }
}
