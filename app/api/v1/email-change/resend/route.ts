import { idempotencyKey } from '@/lib/api/headers';
import { apiWords, problem } from '@/lib/api/problem';
import { requestResponse } from '@/lib/api/results';
import { resendVerification } from '@/lib/email-change/request';
import { emailContext, outboxWritten } from '@/lib/email-change/service';
import { emailChangeOpen } from '@/lib/flags';
import { endpoint, otherMethods } from '../../_lib/endpoint';

/** A fresh link for the pending address; the previous link stops working. */
export const POST = endpoint({
  auth: true,
  async handle({ caller, meta, now, request }) {
    const header = idempotencyKey(request.headers);
    if (!header.ok) return problem('idempotency_key_required');
    if (!(await emailChangeOpen(caller.user.id))) return problem('feature_unavailable', { detail: apiWords()('outcomes.paused') });
    const result = await resendVerification(emailContext(), { userId: caller.user.id, sessionId: caller.sessionId, meta }, { idempotencyKey: header.key ?? undefined });
    if (result.ok) outboxWritten();
    return requestResponse(result, now);
  },
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
