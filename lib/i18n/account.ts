import 'server-only';
/**
 * The language as the account keeps it. Pages read the cookie; the account's copy is
 * what e-mails are written in, and what a new device's cookie starts from.
 */
import { cookies } from 'next/headers';
import { db } from '@/lib/db';
import { isLocale, localeCookie, type Locale } from './locales';

const year = 365 * 24 * 60 * 60;

export async function rememberLocale(locale: Locale) {
  (await cookies()).set(localeCookie, locale, { path: '/', maxAge: year, sameSite: 'lax', httpOnly: true });
}

/** The switch: this browser's cookie, and the account when someone is signed in. */
export async function chooseLocale(locale: Locale, userId: string | null) {
  await rememberLocale(locale);
  if (userId) await db().user.update({ where: { id: userId }, data: { locale } });
}

/**
 * At sign-in: an account that has a language brings it to this browser; one that has
 * none takes the language picked here before signing in (then e-mails use it too).
 */
export async function settleLocaleAtSignIn(user: { id: string; locale: string | null }) {
  const picked = (await cookies()).get(localeCookie)?.value;
  if (isLocale(user.locale)) {
    if (picked !== user.locale) await rememberLocale(user.locale);
  } else if (isLocale(picked)) {
    await db().user.update({ where: { id: user.id }, data: { locale: picked } });
  }
}
