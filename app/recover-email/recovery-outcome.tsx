import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { buttonClass } from '@/components/ui/button';

export type RecoveryOutcomeKind = 'used' | 'expired' | 'superseded' | 'invalid';

/** Each outcome's words, under "recover" in messages/*.json. */
const copy = {
  used: { title: 'usedTitle', body: 'usedBody' },
  expired: { title: 'expiredTitle', body: 'expiredBody' },
  superseded: { title: 'supersededTitle', body: 'supersededBody' },
  invalid: { title: 'invalidTitle', body: 'invalidBody' },
} as const;

/** What a link that cannot undo anything says, and what to do instead. */
export async function RecoveryOutcome({ outcome }: { outcome: RecoveryOutcomeKind }) {
  const t = await getTranslations('recover');
  const { title, body } = copy[outcome];
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-outcome={outcome}>
      <h1 className="text-2xl font-bold">{t(title)}</h1>
      <p className="text-slate-600">{t(body)}</p>
      <Link href="/help/account-change" className={buttonClass('secondary')}>
        {t('help')}
      </Link>
    </section>
  );
}
