/**
 * Nepali mobile numbers, the wallet's account identifier. Stored as ten digits
 * (98XXXXXXXX); people type them with a +977 prefix, spaces or dashes.
 */
const TEN_DIGITS = /^9[678]\d{8}$/;

/** The stored form of a typed mobile number, or null when it is not one. */
export function normalizeMobileNumber(typed: string): string | null {
  let digits = typed.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+977')) digits = digits.slice(4);
  else if (digits.startsWith('00977')) digits = digits.slice(5);
  else if (digits.startsWith('977') && digits.length === 13) digits = digits.slice(3);
  return TEN_DIGITS.test(digits) ? digits : null;
}

/** "9800000001" → "+977 980-0000001", the way the app shows it. */
export function formatMobileNumber(stored: string): string {
  return `+977 ${stored.slice(0, 3)}-${stored.slice(3)}`;
}
