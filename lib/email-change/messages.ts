/** What people read for each outcome of the e-mail flow; the JSON API uses the same words. */
import { nptTime } from '@/lib/nepal-time';

export function waitText(seconds: number) {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export const messages = {
  invalid_email: 'Enter an email address like name@example.com',
  same_email: 'This is already your email address. Enter a different one.',
  email_taken: 'This email address is linked to another Wallet account. Use a different address.',
  reauth_required: 'Confirm it’s you to continue.',
  no_pending_request: 'There is no email change waiting to be confirmed.',
  disposable: (domain: string, suggestion: string | null) =>
    suggestion
      ? `We can’t send to “${domain}”: it isn’t a mail provider you can keep. Did you mean ${suggestion}?`
      : 'This looks like a throwaway address. Use one you will keep: we send receipts and security alerts there.',
  noMailServer: (domain: string, suggestion: string | null) =>
    `No mail server answers for “${domain}”. ${suggestion ? `Did you mean ${suggestion}?` : 'Check the part after the @.'}`,
  on_hold: 'Email changes are on hold on this account after a recovery. Call Wallet support on 01-5970017 to lift the hold.',
  renewExpired: 'The link we sent has expired. Confirm it’s you, and we’ll send a new one to the same address.',
  reauthFailed: (attemptsLeft: number) =>
    `Wrong password. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left before changes are locked for a while.`,
  locked: (until: Date) => `Too many wrong attempts. For your safety, email changes are locked until ${nptTime(until)}.`,
  rateLimited: (seconds: number) => `Please wait ${waitText(seconds)} before asking for another link.`,
  codeShape: 'Enter the 6-digit code from the email.',
  wrongCode: (left: number) => `That code isn’t right. ${left} ${left === 1 ? 'try' : 'tries'} left.`,
  codeLocked: 'Too many wrong codes. Press “Resend” for a new link and code.',
  codeExpired: 'This code has expired. Press “Resend” for a new link and code.',
  tooManyGuesses: (seconds: number) => `Too many attempts from your network. Try again in ${waitText(seconds)}.`,
} as const;
