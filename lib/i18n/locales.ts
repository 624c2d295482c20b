/**
 * The wallet's two languages (DESIGN §6). The choice lives on the account (e-mails use
 * it) and in a cookie, which is what pages read: signed out it is the only record, and
 * signed in it saves a query per page. Without either, the browser's Accept-Language.
 */
export const locales = ['en', 'ne'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';
export const localeCookie = 'wallet-locale';

/** Each language named in itself, as the switch shows it. */
export const localeNames: Record<Locale, string> = { en: 'English', ne: 'नेपाली' };

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value);

/** The first of our languages the Accept-Language header asks for, by its q-values. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return defaultLocale;
  const ranked = acceptLanguage
    .split(',')
    .map((entry, index) => {
      const [range = '', ...params] = entry.trim().split(';');
      // No weight means 1; a weight that is not a number in 0–1 leaves the entry out.
      const weight = params.find((param) => /^\s*q=/i.test(param));
      const q = weight === undefined ? 1 : /^\s*q=(0(\.\d{0,3})?|1(\.0{0,3})?)\s*$/i.test(weight) ? Number(weight.split('=')[1]) : 0;
      return { language: range.trim().toLowerCase().split('-')[0], q, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? defaultLocale;
}

/** The cookie's language if it names one of ours, else the header's. */
export function requestLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  return isLocale(cookieValue) ? cookieValue : negotiateLocale(acceptLanguage);
}
