import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export const metadata: Metadata = { title: 'A change you did not make' };

/** Linked from the "your e-mail was changed" notice. Says exactly what the app does; works signed out. */
export default function AccountChangeHelpPage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6">
      <h1 className="text-2xl font-bold">Didn’t change your email?</h1>
      <p className="text-slate-700">Someone may have access to your wallet. The e-mail we sent to your old address has a button, “This wasn’t me — undo this change”. It works once, for 7 days, without signing in. When you press “Undo this change”:</p>
      <ol className="list-decimal space-y-2 pl-5 text-slate-700">
        <li>your old address becomes your wallet’s email again (if another account has taken it meanwhile, we can’t put it back: the page tells you, and support sees it);</li>
        <li>everyone is signed out of your wallet, on every phone and browser, including whoever made the change;</li>
        <li>email changes are put on hold until Wallet support lifts the hold;</li>
        <li>you choose a new password straight away: the old one no longer works, because whoever made the change may know it.</li>
      </ol>
      <p className="text-slate-700">
        No e-mail, or the link has expired? Call Wallet support on <a className="font-semibold text-brand-700" href="tel:+97715970017">01-5970017</a> (24 hours). After checking who you are, they can undo the last change, hold email changes, and sign everyone out of your wallet.
      </p>
      <p className="text-slate-700">Never share a one-time code or your PIN with anyone, including callers who say they are from Wallet.</p>
      <Link href="/sign-in" className={buttonClass('secondary', 'mt-2')}>
        Sign in to your wallet
      </Link>
    </main>
  );
}
