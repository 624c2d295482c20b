import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { LanguageSwitch } from '@/components/language-switch';
import { WalletMark } from '@/components/wallet-mark';
import { currentUser } from '@/lib/auth/require-user';
import { safeCallbackPath } from '@/lib/safe-redirect';
import { SignInForm } from './sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('signIn') };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; recovered?: string }> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  // A current session goes straight on; a stale one (ended from the server) signs in again.
  if (await currentUser()) redirect(callbackUrl);
  const t = await getTranslations('signIn');

  // Phones: a purple welcome band over a white sheet. Desktops: one white card.
  return (
    <main className="flex min-h-dvh flex-col bg-brand-600 sm:items-center sm:justify-center sm:p-6">
      <div className="flex flex-1 flex-col sm:w-full sm:max-w-md sm:flex-none sm:rounded-3xl sm:bg-white sm:p-10 sm:shadow-xl">
        <header className="px-6 pt-12 pb-8 text-white sm:p-0 sm:pb-8 sm:text-slate-900">
          <div className="flex items-center justify-between gap-2">
            <WalletMark inverse className="inline-flex text-lg sm:hidden" />
            <WalletMark className="hidden text-lg sm:inline-flex" />
            <span className="sm:hidden">
              <LanguageSwitch inverse />
            </span>
            <span className="hidden sm:block">
              <LanguageSwitch />
            </span>
          </div>
          <h1 className="mt-6 text-3xl font-bold sm:mt-5 sm:text-2xl">{t('welcome')}</h1>
          <p className="mt-1 text-brand-100 sm:text-slate-500">{t('lead')}</p>
        </header>
        <section className="flex-1 rounded-t-3xl bg-white px-6 pt-8 pb-10 sm:rounded-none sm:p-0">
          {params.recovered === '1' && (
            <p aria-live="polite" className="mb-5 rounded-xl bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200">
              {t('recovered')}
            </p>
          )}
          <SignInForm callbackUrl={callbackUrl} />
          <p className="mt-8 text-center text-xs text-slate-500">{t('footer')}</p>
        </section>
      </div>
    </main>
  );
}
