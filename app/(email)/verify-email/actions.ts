'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/require-user';
import { confirmEmailChange } from '@/lib/email-change/confirm';
import { outboxWritten, recoveryConfig } from '@/lib/email-change/service';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { requestMeta } from '@/lib/request-meta';

/**
 * The "Confirm email" button. Redirects to the profile, or to a page that says what
 * went wrong. Anyone can call an action with any argument, not only the form's FormData:
 * anything else carries no token and is answered as an invalid link.
 */
export async function confirmEmailAction(formData: unknown) {
  const user = await requireUser();
  const meta = requestMeta(await headers());
  const result = await confirmEmailChange(db(), {
    token: formData instanceof FormData ? formData.get('token') : null,
    userId: user.id,
    sessionId: user.sessionId,
    meta,
    now: new Date(),
    recovery: recoveryConfig(),
  });
  if (result.outcome !== 'verified') redirect(`/verify-email/result?outcome=${result.outcome}`);
  // Other sessions ended with the change; this one carries on.
  outboxWritten();
  redirect('/profile?verified=1');
}
