import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth';
import { requestPathHeader } from '@/lib/auth/request-path';
import { db } from '@/lib/db';
import { signInPath } from '@/lib/safe-redirect';

/**
 * The signed-in user, loaded fresh from the database, or null. A session whose
 * version is older than the account's (signed out everywhere, e-mail changed)
 * counts as no session.
 */
export const currentUser = cache(async () => {
  const session = await auth();
  if (!session?.user?.id) return null;
  const user = await db().user.findUnique({ where: { id: session.user.id } });
  if (!user || user.sessionVersion !== session.sessionVersion) return null;
  return { ...user, sessionId: session.sessionId };
});

/** Every page and server action starts here: it treats each of them as a public endpoint. */
export async function requireUser() {
  const user = await currentUser();
  if (!user) redirect(signInPath((await headers()).get(requestPathHeader) ?? '/profile'));
  return user;
}

export async function requireStaff() {
  const user = await requireUser();
  if (user.role !== 'STAFF') redirect('/profile');
  return user;
}
