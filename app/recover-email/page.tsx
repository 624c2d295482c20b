import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { EmailAddress } from '@/components/ui/email-address';
import { db } from '@/lib/db';
import { inspectUndoLink } from '@/lib/email-change/recovery';
import { nptDateTime } from '@/lib/nepal-time';
import { continueToPasswordAction, undoChangeAction } from './actions';
import { RecoveryOutcome } from './recovery-outcome';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('undoChange'), referrer: 'no-referrer' };
}

/** The "This wasn't me" link's page. Looking changes nothing (mail scanners open links); the button undoes. */
export default async function RecoverEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const link = await inspectUndoLink(db(), token, new Date());
  const [locale, t] = await Promise.all([getLocale(), getTranslations('recover')]);
  if (link.state === 'used' && link.passwordPending) {
    return (
      <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-bold">{t('pendingTitle')}</h1>
        <p className="text-slate-600">{t('pendingBody')}</p>
        <form action={continueToPasswordAction}>
          <input type="hidden" name="token" value={String(token)} />
          <Button type="submit" className="w-full">
            {t('setPassword')}
          </Button>
        </form>
      </section>
    );
  }
  if (link.state !== 'valid') return <RecoveryOutcome outcome={link.state} />;
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-testid="undo-change">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <p className="text-slate-700">
        {t.rich('changed', {
          at: nptDateTime(link.changedAt, locale),
          removed: () => (
            <strong>
              <EmailAddress value={link.removedEmail} />
            </strong>
          ),
          added: () => (
            <strong>
              <EmailAddress value={link.addedEmail} />
            </strong>
          ),
        })}
      </p>
      <div className="rounded-2xl bg-brand-50 p-4 text-sm text-brand-900 ring-1 ring-brand-200">
        <p className="font-semibold">{t('willTitle')}</p>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>{t('willRestore', { removed: link.removedEmail })}</li>
          <li>{t('willSignOut')}</li>
          <li>{t('willHold')}</li>
          <li>{t('willPassword')}</li>
        </ul>
      </div>
      <form action={undoChangeAction}>
        <input type="hidden" name="token" value={String(token)} />
        <Button type="submit" className="w-full">
          {t('submit')}
        </Button>
      </form>
      <p className="text-sm text-slate-600">{t('yours')}</p>
    </section>
  );
}
