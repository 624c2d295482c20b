/**
 * "Did you mean sita@gmail.com?": a typo in the new address is caught while it is
 * typed. @zootools/email-spell-checker (mailcheck's maintained successor) with the
 * providers our users use added, Nepal's among them. Runs in the browser and on the
 * server alike; a suggestion never blocks anything.
 */
import { POPULAR_DOMAINS, POPULAR_TLDS, run } from '@zootools/email-spell-checker';

export const walletDomains = [
  ...new Set([...POPULAR_DOMAINS, 'gmail.com', 'yahoo.com', 'yahoo.co.in', 'hotmail.com', 'outlook.com', 'ntc.net.np', 'wlink.com.np', 'vianet.com.np', 'subisu.net.np', 'mos.com.np', 'ku.edu.np']),
];
const walletTlds = [...new Set([...POPULAR_TLDS, 'np', 'com.np', 'net.np', 'org.np', 'edu.np', 'gov.np'])];

/** The address the user probably meant, or null when what they typed looks right. */
export function suggestAddress(typed: string): string | null {
  const email = typed.trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return null;
  // One edit at most in the name or the ending on their own: mailcheck's default of two
  // turns "school.edu.np" into "school.edu" and "no-mail.test" into "hotmail.de".
  const suggestion = run({ email, domains: walletDomains, topLevelDomains: walletTlds, secondLevelThreshold: 1, topLevelThreshold: 1 });
  return suggestion && suggestion.full.toLowerCase() !== email.toLowerCase() ? suggestion.full : null;
}
