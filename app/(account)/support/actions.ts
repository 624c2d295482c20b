'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { unlockReauth } from '@/lib/auth/reauth';
import { requireStaff } from '@/lib/auth/require-user';
import { db } from '@/lib/db';
import { endAllSessionsBySupport, setHold, undoLastChangeBySupport, type SupportActionResult } from '@/lib/email-change/recovery';
import { outboxWritten } from '@/lib/email-change/service';
import { emailChangeFlag, setRollout } from '@/lib/flags';
import { requestMeta } from '@/lib/request-meta';

const unlockForm = z.object({ userId: z.uuid(), q: z.string().max(300).catch('') });
const actionForm = unlockForm.extend({ reason: z.string().trim().min(3).max(500) });

const fields = (formData: unknown) =>
  formData instanceof FormData ? { userId: formData.get('userId'), q: formData.get('q'), reason: formData.get('reason') } : {};

/** Back to the account, saying what happened (`done`) or what was missing (`problem`). */
function backTo(q: string, userId: string, outcome: { done: string } | { problem: string }): never {
  redirect(`/support?${new URLSearchParams({ q, account: userId, ...outcome })}`);
}

async function staffContext() {
  const staff = await requireStaff();
  return { staffId: staff.id, meta: requestMeta(await headers()), now: new Date() };
}

/** UC05: support lifts a re-auth lock-out (after checking who is on the phone), then sees the account again. */
export async function unlockAction(formData: unknown) {
  const context = await staffContext();
  const form = unlockForm.safeParse(fields(formData));
  if (!form.success) redirect('/support');
  const unlocked = await unlockReauth(db(), { userId: form.data.userId, ...context });
  const search = new URLSearchParams({ q: form.data.q });
  if (unlocked) search.set('unlocked', form.data.userId);
  redirect(`/support?${search}`);
}

/**
 * The recovery actions (DESIGN §2b). Each is a POST with a reason, audited with the
 * staff member as the actor; each asks staff to have checked who they are talking to.
 */
async function supportAction(
  formData: unknown,
  name: string,
  run: (input: { userId: string; reason: string; staffId: string; meta: ReturnType<typeof requestMeta>; now: Date }) => Promise<SupportActionResult>,
) {
  const context = await staffContext();
  const raw = fields(formData);
  const form = actionForm.safeParse(raw);
  if (!form.success) {
    const target = unlockForm.safeParse(raw);
    if (!target.success) redirect('/support');
    backTo(target.data.q, target.data.userId, { problem: 'reason' });
  }
  const result = await run({ ...context, userId: form.data.userId, reason: form.data.reason });
  backTo(form.data.q, form.data.userId, result.ok ? { done: name } : { problem: result.code });
}

export async function holdAction(formData: unknown) {
  await supportAction(formData, 'hold', (input) => setHold(db(), { ...input, hold: true }));
}

export async function liftHoldAction(formData: unknown) {
  await supportAction(formData, 'lift', (input) => setHold(db(), { ...input, hold: false }));
}

export async function endSessionsAction(formData: unknown) {
  await supportAction(formData, 'sessions', (input) => endAllSessionsBySupport(db(), input));
}

export async function undoLastChangeAction(formData: unknown) {
  await supportAction(formData, 'undo', async (input) => {
    const result = await undoLastChangeBySupport(db(), input);
    if (result.ok) outboxWritten();
    return result;
  });
}

const rolloutForm = z.object({
  enabled: z.literal('on').optional(),
  rolloutPercent: z.coerce.number().int().min(0).max(100),
  reason: z.string().trim().min(3).max(500),
});

/** DESIGN §7: staff turn the e-mail change on or off, or change the share of accounts that get it; audited with the reason. */
export async function setRolloutAction(formData: unknown) {
  const context = await staffContext();
  const raw = formData instanceof FormData ? { enabled: formData.get('enabled') ?? undefined, rolloutPercent: formData.get('rolloutPercent'), reason: formData.get('reason') } : {};
  const form = rolloutForm.safeParse(raw);
  if (!form.success) redirect('/support?rollout=reason');
  await setRollout(db(), { flagKey: emailChangeFlag, enabled: form.data.enabled === 'on', rolloutPercent: form.data.rolloutPercent, reason: form.data.reason, ...context });
  redirect('/support?rollout=saved');
}
