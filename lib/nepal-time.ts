/**
 * The wallet's customers are in Nepal: pages and e-mails show Nepal Time (UTC+5:45) in
 * the reader's language ("24 Nov 2026, 14:05 NPT"; "२०२६ नोभेम्बर २४, १४:०५ नेपाली समय"),
 * marked where a time of day appears, so nobody has to guess the zone.
 */
import type { Locale } from '@/lib/i18n/locales';

/** The Intl locale each language formats dates and numbers with. */
export const intlLocale: Record<Locale, string> = { en: 'en-GB', ne: 'ne-NP' };
const zoneMark: Record<Locale, string> = { en: 'NPT', ne: 'नेपाली समय' };

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, style: 'day' | 'time' | 'dateTime') {
  const key = `${locale}:${style}`;
  let found = formats.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      style === 'day' ? { dateStyle: 'medium' } : style === 'time' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' };
    formats.set(key, (found = new Intl.DateTimeFormat(intlLocale[locale], { ...options, timeZone: 'Asia/Kathmandu' })));
  }
  return found;
}

/** "24 Nov 2026" */
export const nptDay = (date: Date, locale: Locale = 'en') => format(locale, 'day').format(date);
/** "14:05 NPT" */
export const nptTime = (date: Date, locale: Locale = 'en') => `${format(locale, 'time').format(date)} ${zoneMark[locale]}`;
/** "24 Nov 2026, 14:05 NPT" */
export const nptDateTime = (date: Date, locale: Locale = 'en') => `${format(locale, 'dateTime').format(date)} ${zoneMark[locale]}`;
