import { getLocale, getTranslations } from 'next-intl/server';
import { chooseLocaleAction } from '@/lib/i18n/actions';
import { localeNames, locales } from '@/lib/i18n/locales';

/**
 * "English | नेपाली" in the header: a plain form, so it works before JavaScript loads.
 * Each name is written in its own language and marked so (WCAG 3.1.2).
 */
export async function LanguageSwitch({ inverse = false }: { inverse?: boolean }) {
  const [current, t] = await Promise.all([getLocale(), getTranslations('shell')]);
  const idle = inverse ? 'text-brand-100 hover:bg-brand-700 hover:text-white' : 'text-brand-700 hover:bg-brand-50';
  const active = inverse ? 'bg-brand-700 text-white' : 'bg-brand-50 text-brand-900';
  return (
    <form action={chooseLocaleAction} role="group" aria-label={t('language')} className="flex items-center gap-1" data-testid="language-switch">
      {locales.map((locale) => (
        <button
          key={locale}
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          className={`rounded-lg px-2.5 py-2 text-sm font-medium ${locale === current ? active : idle}`}
        >
          {localeNames[locale]}
        </button>
      ))}
    </form>
  );
}
