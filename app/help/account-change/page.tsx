import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { LanguageSwitch } from '@/components/language-switch';
import { buttonClass } from '@/components/ui/button';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('help') };
}

/** Linked from the "your e-mail was changed" notice. Says exactly what the app does; works signed out. */
export default async function AccountChangeHelpPage() {
  const t = await getTranslations('help');
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6">
      <div className="self-end">
        <LanguageSwitch />
      </div>
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <p className="text-slate-700">{t('lead')}</p>
      <ol className="list-decimal space-y-2 pl-5 text-slate-700">
        <li>{t('step1')}</li>
        <li>{t('step2')}</li>
        <li>{t('step3')}</li>
        <li>{t('step4')}</li>
      </ol>
      <p className="text-slate-700">
        {t.rich('call', {
          phone: (number) => (
            <a className="font-semibold text-brand-700" href="tel:+97715970017">
              {number}
            </a>
          ),
        })}
      </p>
      <p className="text-slate-700">{t('never')}</p>
      <Link href="/sign-in" className={buttonClass('secondary', 'mt-2')}>
        {t('signIn')}
      </Link>
    </main>
  );
}
