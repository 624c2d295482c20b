/**
 * The wallet's customers are in Nepal: pages and e-mails show Nepal Time (UTC+5:45),
 * marked NPT where a time of day appears, so nobody has to guess the zone.
 */
const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'Asia/Kathmandu' });
const day = format({ dateStyle: 'medium' });
const time = format({ hour: '2-digit', minute: '2-digit' });
const dateTime = format({ dateStyle: 'medium', timeStyle: 'short' });

/** "24 Nov 2026" */
export const nptDay = (date: Date) => day.format(date);
/** "14:05 NPT" */
export const nptTime = (date: Date) => `${time.format(date)} NPT`;
/** "24 Nov 2026, 14:05 NPT" */
export const nptDateTime = (date: Date) => `${dateTime.format(date)} NPT`;
