import { getTranslations } from 'next-intl/server';
import { LanguageSwitch } from '@/components/language-switch';
import { WalletMark } from '@/components/wallet-mark';
import { signOutAction } from './actions';

/** The signed-in shell: a wallet app bar on phones, a centred column on desktops. */
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('shell');
  return (
    <div className="min-h-dvh">
      <header className="bg-brand-600 text-white">
        <div className="mx-auto flex h-14 max-w-2xl items-center justify-between gap-2 px-4">
          <WalletMark inverse />
          <div className="flex items-center gap-1">
            <LanguageSwitch inverse />
            <form action={signOutAction}>
              <button className="rounded-lg px-3 py-2 text-sm font-medium text-brand-100 hover:bg-brand-700 hover:text-white">{t('signOut')}</button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-2xl px-4 pt-4 pb-12 sm:pt-8">{children}</main>
    </div>
  );
}
