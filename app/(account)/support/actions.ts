'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { unlockReauth } from '@/lib/auth/reauth';
import { requireStaff } from '@/lib/auth/require-user';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { requestMeta } from '@/lib/request-meta';

const unlockForm = z.object({ userId: z.uuid(), q: z.string().max(300).catch('') });

/** UC05: support lifts a re-auth lock-out (after checking who is on the phone), then sees the account again. */
export async function unlockAction(formData: unknown) {
  const staff = await requireStaff();
  const fields = formData instanceof FormData ? { userId: formData.get('userId'), q: formData.get('q') } : {};
  const form = unlockForm.safeParse(fields);
  if (!form.success) redirect('/support');
  const unlocked = await unlockReauth(db(), {
    userId: form.data.userId,
    staffId: staff.id,
    meta: requestMeta(await headers()),
    now: new Date(),
  });
  const search = new URLSearchParams({ q: form.data.q });
  if (unlocked) search.set('unlocked', form.data.userId);
  redirect(`/support?${search}`);
}
