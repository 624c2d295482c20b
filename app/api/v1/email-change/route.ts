import { idempotencyKey } from '@/lib/api/headers';
import { apiWords, problem } from '@/lib/api/problem';
import { requestResponse } from '@/lib/api/results';
import { emailChangeBody } from '@/lib/api/schemas';
import { db } from '@/lib/db';
import { cancelPendingChange, requestEmailChange } from '@/lib/email-change/request';
import { emailChangeOpen } from '@/lib/flags';
import { emailContext, outboxWritten } from '@/lib/email-change/service';
import { endpoint, otherMethods } from '../_lib/endpoint';

/** Add or change the e-mail (after POST /reauth). A retry with the same Idempotency-Key returns the same request. */
export const POST = endpoint({
  auth: true,
  body: emailChangeBody,
  async handle({ caller, body, meta, now, request }) {
    const header = idempotencyKey(request.headers);
    if (!header.ok || !header.key) return problem('idempotency_key_required');
    if (!(await emailChangeOpen(caller.user.id))) return problem('feature_unavailable', { detail: apiWords()('outcomes.paused') });
    const result = await requestEmailChange(emailContext(), { userId: caller.user.id, sessionId: caller.sessionId, meta }, { email: body.email, idempotencyKey: header.key });
    if (result.ok) outboxWritten();
    return requestResponse(result, now);
  },
});

/** Withdraws the unconfirmed request; its link stops working. */
export const DELETE = endpoint({
  auth: true,
  async handle({ caller, meta, now }) {
    const cancelled = await cancelPendingChange(db(), { userId: caller.user.id, sessionId: caller.sessionId, meta }, now);
    return cancelled ? new Response(null, { status: 204 }) : problem('no_pending_request');
  },
});

export const { GET, PUT, PATCH } = otherMethods('POST', 'DELETE');
