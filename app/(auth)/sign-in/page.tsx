import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { WalletMark } from '@/components/wallet-mark';
import { currentUser } from '@/lib/auth/require-user';
import { safeCallbackPath } from '@/lib/safe-redirect';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; recovered?: string }> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  // A current session goes straight on; a stale one (ended from the server) signs in again.
  if (await currentUser()) redirect(callbackUrl);

  // Phones: a purple welcome band over a white sheet. Desktops: one white card.
  return (
    <main className="flex min-h-dvh flex-col bg-brand-600 sm:items-center sm:justify-center sm:p-6">
      <div className="flex flex-1 flex-col sm:w-full sm:max-w-md sm:flex-none sm:rounded-3xl sm:bg-white sm:p-10 sm:shadow-xl">
        <header className="px-6 pt-12 pb-8 text-white sm:p-0 sm:pb-8 sm:text-slate-900">
          <WalletMark inverse className="inline-flex text-lg sm:hidden" />
          <WalletMark className="hidden text-lg sm:inline-flex" />
          <h1 className="mt-6 text-3xl font-bold sm:mt-5 sm:text-2xl">Welcome back</h1>
          <p className="mt-1 text-brand-100 sm:text-slate-500">Sign in to manage your wallet profile.</p>
        </header>
        <section className="flex-1 rounded-t-3xl bg-white px-6 pt-8 pb-10 sm:rounded-none sm:p-0">
          {params.recovered === '1' && (
            <p aria-live="polite" className="mb-5 rounded-xl bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200">
              Your new password is set. Sign in with it.
            </p>
          )}
          <SignInForm callbackUrl={callbackUrl} />
          <p className="mt-8 text-center text-xs text-slate-500">We will never ask for your password by phone, SMS or e-mail.</p>
        </section>
      </div>
    </main>
  );
}
