/**
 * next-intl's per-request configuration (wired in next.config.ts): the language from the
 * cookie or Accept-Language (lib/i18n/locales.ts), Nepal Time for every date.
 */
import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { requestLocale, localeCookie } from './locales';
import { catalogues, timeZone } from './translator';

export default getRequestConfig(async () => {
  const locale = requestLocale((await cookies()).get(localeCookie)?.value, (await headers()).get('accept-language'));
  return { locale, messages: catalogues[locale], timeZone };
});
