/**
 * E-mail addresses as the wallet stores them: trimmed, domain lower-cased and
 * converted to ASCII (IDN), header-injection characters refused. Comparison is
 * case-insensitive in the database (citext).
 */

export const maxEmailLength = 254;

/** IDN → ASCII (punycode) with the WHATWG URL parser, which browsers and Node share. */
function domainToASCII(domain: string): string {
  if (/[/?#:@\\[\]%]/.test(domain)) return '';
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return '';
  }
}

export type AddressProblem = 'empty' | 'too_long' | 'invalid';

// Letters, digits and the usual punctuation on the left; no quotes, spaces or controls.
const localPart = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/;
const domainLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normalizeEmail(typed: string): { ok: true; email: string } | { ok: false; problem: AddressProblem } {
  const value = typed.trim();
  if (value === '') return { ok: false, problem: 'empty' };
  if (value.length > maxEmailLength) return { ok: false, problem: 'too_long' };
  // CR, LF and other controls could smuggle headers into an e-mail; refuse outright.
  if (/[\u0000-\u001f\u007f\s]/.test(value)) return { ok: false, problem: 'invalid' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return { ok: false, problem: 'invalid' };
  const local = value.slice(0, at);
  const domain = domainToASCII(value.slice(at + 1).toLowerCase());
  if (!localPart.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, problem: 'invalid' };
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => domainLabel.test(label)) || /^\d+$/.test(labels.at(-1)!)) {
    return { ok: false, problem: 'invalid' };
  }
  const email = `${local}@${domain}`;
  return email.length > maxEmailLength ? { ok: false, problem: 'too_long' } : { ok: true, email };
}

/** The part after the last "@" of a normalised address. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);
