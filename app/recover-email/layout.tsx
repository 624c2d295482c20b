import { LanguageSwitch } from '@/components/language-switch';
import { WalletMark } from '@/components/wallet-mark';

/** The undo link's pages: reached from an e-mail, without signing in. */
export default function RecoverLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="bg-brand-600 text-white">
        <div className="mx-auto flex h-14 max-w-2xl items-center justify-between px-4">
          <WalletMark inverse />
          <LanguageSwitch inverse />
        </div>
      </header>
      <main className="mx-auto max-w-2xl px-4 pt-4 pb-12 sm:pt-8">{children}</main>
    </div>
  );
}
