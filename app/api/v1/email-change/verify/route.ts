import { confirmResponse } from '@/lib/api/results';
import { verifyBody } from '@/lib/api/schemas';
import { db } from '@/lib/db';
import { confirmEmailChange, confirmWithCode } from '@/lib/email-change/confirm';
import { emailContext, outboxWritten, recoveryConfig } from '@/lib/email-change/service';
import { endpoint, otherMethods } from '../../_lib/endpoint';

/** Confirms the pending address with the e-mail's 6-digit code, or with its link's token (the app's deep link). */
export const POST = endpoint({
  auth: true,
  body: verifyBody,
  async handle({ caller, body, meta, now }) {
    const who = { userId: caller.user.id, sessionId: caller.sessionId, meta, now, recovery: recoveryConfig() };
    const { config } = emailContext();
    const result =
      'code' in body
        ? await confirmWithCode(db(), { ...who, code: body.code, codeKey: config.codeKey, maxCodeAttempts: config.maxCodeAttempts })
        : await confirmEmailChange(db(), { ...who, token: body.token });
    // Other sessions and tokens ended with the change; the one that confirmed carries on.
    if (result.outcome === 'verified') outboxWritten();
    return confirmResponse(result);
  },
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
