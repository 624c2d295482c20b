/**
 * Words outside a React request: e-mails, the JSON API's problem details, server
 * actions' messages. Pages use next-intl's hooks, which read the same catalogues.
 */
import { createTranslator } from 'next-intl';
import en from '@/messages/en.json';
import ne from '@/messages/ne.json';
import type { Locale } from './locales';

export const catalogues = { en, ne } satisfies Record<Locale, typeof en>;
export const timeZone = 'Asia/Kathmandu';

const cache = new Map<Locale, ReturnType<typeof make>>();
const make = (locale: Locale) => createTranslator({ locale, messages: catalogues[locale], timeZone });

export function translator(locale: Locale) {
  let t = cache.get(locale);
  if (!t) cache.set(locale, (t = make(locale)));
  return t;
}

export type Translator = ReturnType<typeof translator>;
/** Any message key, e.g. "validation.emailEmpty" (schemas carry keys, not words). */
export type MessageKey = Parameters<Translator>[0];
