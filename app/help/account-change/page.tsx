import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export const metadata: Metadata = { title: 'A change you did not make' };

/** Where the "This wasn't me" button in the e-mail-changed notice leads. Works signed out. */
export default function AccountChangeHelpPage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6">
      <h1 className="text-2xl font-bold">Didn’t change your email?</h1>
      <p className="text-slate-700">Someone may have access to your wallet. Act now:</p>
      <ol className="list-decimal space-y-2 pl-5 text-slate-700">
        <li>
          Call Wallet support on <a className="font-semibold text-brand-700" href="tel:+97715970017">01-5970017</a> (24 hours). We will
          lock the account and restore your email.
        </li>
        <li>Change your wallet password and PIN as soon as you can sign in.</li>
        <li>Never share a one-time code or your PIN with anyone, including callers who say they are from Wallet.</li>
      </ol>
      <Link href="/sign-in" className={buttonClass('secondary', 'mt-2')}>
        Sign in to your wallet
      </Link>
    </main>
  );
}
