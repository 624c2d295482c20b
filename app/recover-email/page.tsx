import type { Metadata } from 'next';
import { Button } from '@/components/ui/button';
import { EmailAddress } from '@/components/ui/email-address';
import { db } from '@/lib/db';
import { inspectUndoLink } from '@/lib/email-change/recovery';
import { nptDateTime } from '@/lib/nepal-time';
import { continueToPasswordAction, undoChangeAction } from './actions';
import { RecoveryOutcome } from './recovery-outcome';

export const metadata: Metadata = { title: 'Undo an email change', referrer: 'no-referrer' };

/** The "This wasn't me" link's page. Looking changes nothing (mail scanners open links); the button undoes. */
export default async function RecoverEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const link = await inspectUndoLink(db(), token, new Date());
  if (link.state === 'used' && link.passwordPending) {
    return (
      <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-bold">You undid this change</h1>
        <p className="text-slate-600">Your account is safe again, but it still needs a new password before anyone can sign in.</p>
        <form action={continueToPasswordAction}>
          <input type="hidden" name="token" value={String(token)} />
          <Button type="submit" className="w-full">
            Set a new password
          </Button>
        </form>
      </section>
    );
  }
  if (link.state !== 'valid') return <RecoveryOutcome outcome={link.state} />;
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-testid="undo-change">
      <h1 className="text-2xl font-bold">Didn’t make this change?</h1>
      <p className="text-slate-700">
        On {nptDateTime(link.changedAt)} the email on your Wallet account was changed from{' '}
        <strong>
          <EmailAddress value={link.removedEmail} />
        </strong>{' '}
        to{' '}
        <strong>
          <EmailAddress value={link.addedEmail} />
        </strong>
        .
      </p>
      <div className="rounded-2xl bg-brand-50 p-4 text-sm text-brand-900 ring-1 ring-brand-200">
        <p className="font-semibold">If you undo it, we will:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>put {link.removedEmail} back as your email;</li>
          <li>sign everyone out of your wallet, on every phone and browser;</li>
          <li>hold further email changes until Wallet support lifts the hold;</li>
          <li>ask you for a new password on the next page.</li>
        </ul>
      </div>
      <form action={undoChangeAction}>
        <input type="hidden" name="token" value={String(token)} />
        <Button type="submit" className="w-full">
          Undo this change
        </Button>
      </form>
      <p className="text-sm text-slate-600">Did make the change yourself? You don’t need to do anything.</p>
    </section>
  );
}
