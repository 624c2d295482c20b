import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { buttonClass } from '@/components/ui/button';
import { EmailAddress } from '@/components/ui/email-address';
import { CheckIcon, ClockIcon } from '@/components/ui/icons';
import { SendNewLink } from './send-new-link';

export type Outcome = 'expired' | 'used' | 'superseded' | 'invalid' | 'address_taken';

/** Each outcome's words (messages/*.json, under "verify"), and whether a new link would help. */
const copy = {
  expired: { title: 'expiredTitle', body: 'expiredBody', resend: true },
  used: { title: 'usedTitle', body: 'usedBody', resend: true },
  superseded: { title: 'supersededTitle', body: 'supersededBody', resend: true },
  invalid: { title: 'invalidTitle', body: 'invalidBody', resend: true },
  address_taken: { title: 'takenTitle', body: 'takenBody', resend: false },
} as const;

/**
 * A link that did not confirm. `verifiedEmail`: a used link whose work is done (the account's
 * address is verified and nothing waits), so there is nothing to send again. `waitSeconds`:
 * the resend cooldown still running, shown before anyone presses the button.
 */
export async function OutcomeView({ outcome, verifiedEmail = null, waitSeconds = 0 }: { outcome: Outcome; verifiedEmail?: string | null; waitSeconds?: number }) {
  const t = await getTranslations('verify');
  if (outcome === 'used' && verifiedEmail) {
    return (
      <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-outcome="verified">
        <div aria-hidden className="grid size-12 place-items-center rounded-full bg-emerald-50 text-emerald-700">
          <CheckIcon />
        </div>
        <h1 className="text-2xl font-bold">{t('alreadyTitle')}</h1>
        <p className="text-slate-600">
          {t.rich('alreadyBody', {
            email: () => (
              <strong className="text-slate-900">
                <EmailAddress value={verifiedEmail} />
              </strong>
            ),
          })}
        </p>
        <Link href="/profile" className={buttonClass('primary')}>
          {t('backToProfile')}
        </Link>
      </section>
    );
  }
  const { title, body, resend } = copy[outcome];
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-outcome={outcome}>
      <div aria-hidden className="grid size-12 place-items-center rounded-full bg-amber-50 text-amber-800">
        <ClockIcon />
      </div>
      <h1 className="text-2xl font-bold">{t(title)}</h1>
      <p className="text-slate-600">{t(body)}</p>
      {resend ? <SendNewLink waitSeconds={waitSeconds} /> : null}
      <Link href={resend ? '/profile' : '/profile/email'} className={buttonClass(resend ? 'ghost' : 'primary')}>
        {resend ? t('backToProfile') : t('addDifferent')}
      </Link>
    </section>
  );
}
