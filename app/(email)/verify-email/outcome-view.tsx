import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { EmailAddress } from '@/components/ui/email-address';
import { CheckIcon, ClockIcon } from '@/components/ui/icons';
import { SendNewLink } from './send-new-link';

export type Outcome = 'expired' | 'used' | 'superseded' | 'invalid' | 'address_taken';

function copy(outcome: Outcome): { title: string; body: string; resend: boolean } {
  switch (outcome) {
    case 'expired':
      return { title: 'This link has expired', body: 'Links work for a limited time to keep your account safe. Send a new link and use it soon.', resend: true };
    case 'used':
      return { title: 'This link was already used', body: 'Each link works once. If your email is not verified yet, send a new link.', resend: true };
    case 'superseded':
      return { title: 'A newer link was sent', body: 'Only the most recent link works. Use the newest e-mail, or send a new link.', resend: true };
    case 'invalid':
      return { title: 'This link isn’t valid', body: 'It may be incomplete or belong to another account. Check you copied the whole link, or send a new one.', resend: true };
    case 'address_taken':
      return { title: 'This email is already in use', body: 'Another Wallet account verified this address first. Add a different email address.', resend: false };
  }
}

/**
 * A link that did not confirm. `verifiedEmail`: a used link whose work is done (the account's
 * address is verified and nothing waits), so there is nothing to send again. `waitSeconds`:
 * the resend cooldown still running, shown before anyone presses the button.
 */
export function OutcomeView({ outcome, verifiedEmail = null, waitSeconds = 0 }: { outcome: Outcome; verifiedEmail?: string | null; waitSeconds?: number }) {
  if (outcome === 'used' && verifiedEmail) {
    return (
      <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-outcome="verified">
        <div aria-hidden className="grid size-12 place-items-center rounded-full bg-emerald-50 text-emerald-700">
          <CheckIcon />
        </div>
        <h1 className="text-2xl font-bold">Your email is already verified</h1>
        <p className="text-slate-600">
          This link was used:{' '}
          <strong className="text-slate-900">
            <EmailAddress value={verifiedEmail} />
          </strong>{' '}
          is the email for your Wallet account.
        </p>
        <Link href="/profile" className={buttonClass('primary')}>
          Back to profile
        </Link>
      </section>
    );
  }
  const { title, body, resend } = copy(outcome);
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-outcome={outcome}>
      <div aria-hidden className="grid size-12 place-items-center rounded-full bg-amber-50 text-amber-800">
        <ClockIcon />
      </div>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="text-slate-600">{body}</p>
      {resend ? <SendNewLink waitSeconds={waitSeconds} /> : null}
      <Link href={resend ? '/profile' : '/profile/email'} className={buttonClass(resend ? 'ghost' : 'primary')}>
        {resend ? 'Back to profile' : 'Add a different email'}
      </Link>
    </section>
  );
}
