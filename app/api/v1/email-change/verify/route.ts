import { confirmResponse } from '@/lib/api/results';
import { verifyBody } from '@/lib/api/schemas';
import { db } from '@/lib/db';
import { confirmEmailChange } from '@/lib/email-change/confirm';
import { outboxWritten, recoveryConfig } from '@/lib/email-change/service';
import { endpoint } from '../../_lib/endpoint';

/** The app's deep link: confirms the token for the signed-in account. */
export const POST = endpoint({
  auth: true,
  body: verifyBody,
  async handle({ caller, body, meta, now }) {
    const result = await confirmEmailChange(db(), { token: body.token, userId: caller.user.id, sessionId: caller.sessionId, meta, now, recovery: recoveryConfig() });
    // Other sessions and tokens ended with the change; the one that confirmed carries on.
    if (result.outcome === 'verified') outboxWritten();
    return confirmResponse(result);
  },
});
