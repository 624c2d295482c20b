'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/require-user';
import { endSessions } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

/**
 * "Sign out" on one of the user's other devices, and "Sign out of all other
 * devices". No re-authentication is asked: an owner whose re-auth an intruder has
 * locked must still be able to throw the intruder out (docs/SECURITY.md).
 */
async function endOthers(only: string[] | undefined) {
  const user = await requireUser();
  await endSessions(db(), {
    userId: user.id,
    only,
    except: user.sessionId,
    reason: 'signed_out_elsewhere',
    actor: `user:${user.id}`,
    meta: requestMeta(await headers()),
    now: new Date(),
  });
  revalidatePath('/profile');
}

export async function endSessionAction(formData: unknown) {
  const sessionId = formData instanceof FormData ? formData.get('sessionId') : null;
  if (typeof sessionId === 'string') await endOthers([sessionId]);
}

export async function endOtherSessionsAction() {
  await endOthers(undefined);
}
