'use server';

import { headers } from 'next/headers';
import { signOut } from '@/lib/auth';
import { currentUser } from '@/lib/auth/require-user';
import { endSessions } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

/** Ends this session on the server (a copy of the cookie stops working too), then drops the cookie. */
export async function signOutAction() {
  const user = await currentUser();
  if (user) {
    const meta = requestMeta(await headers());
    await endSessions(db(), { userId: user.id, only: [user.sessionId], reason: 'signed_out', actor: `user:${user.id}`, meta, now: new Date() });
  }
  await signOut({ redirectTo: '/sign-in' });
}
