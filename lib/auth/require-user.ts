import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { sessionConfig } from '@/lib/auth/config';
import { requestPathHeader } from '@/lib/auth/request-path';
import { sessionClaims } from '@/lib/auth/session-cookie';
import { webSession } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { signInPath } from '@/lib/safe-redirect';

/**
 * The signed-in user and their session, loaded fresh from the database in one
 * query, or null. A cookie whose session row has ended, expired or gone idle (signed
 * out, ended from another device, e-mail changed) counts as no session.
 */
export const currentUser = cache(async () => {
  const store = await cookies();
  // A junk cookie gets the one warning line next-auth's own refusal got (lib/auth/config.ts).
  const claims = await sessionClaims((name) => store.get(name)?.value, env().AUTH_SECRET, () => log().warn({ type: 'JWTSessionError' }, 'auth request refused'));
  if (!claims) return null;
  const live = await webSession(db(), { ...claims, now: new Date(), config: sessionConfig() });
  if (!live) return null;
  const { user, ...row } = live;
  return { ...user, sessionId: row.id, session: row };
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
