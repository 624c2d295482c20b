'use server';

import { currentUser } from '@/lib/auth/require-user';
import { chooseLocale } from './account';
import { isLocale } from './locales';

/** The header's "English / नेपाली" switch; the page re-renders in the chosen language. */
export async function chooseLocaleAction(formData: unknown) {
  const locale = formData instanceof FormData ? formData.get('locale') : null;
  if (!isLocale(locale)) return;
  const user = await currentUser();
  await chooseLocale(locale, user?.id ?? null);
}
