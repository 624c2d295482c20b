import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { EmailAddress } from '@/components/ui/email-address';
import { requireUser } from '@/lib/auth/require-user';
import { inspectLink } from '@/lib/email-change/confirm';
import { cooldownLeft } from '@/lib/email-change/limits';
import { db } from '@/lib/db';
import { ConfirmEmailForm } from './confirm-email-form';
import { OutcomeView } from './outcome-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('confirmEmail'), referrer: 'no-referrer' };
}

/** The link's landing page. Looking changes nothing (link scanners fetch it); the button confirms. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const user = await requireUser();
  const { token } = await searchParams;
  const link = await inspectLink(db(), token, user.id, new Date());
  if (link.state !== 'valid') {
    const done = link.state === 'used' && user.email !== null && user.email.toLowerCase() === link.email?.toLowerCase();
    return <OutcomeView outcome={link.state} verifiedEmail={done ? user.email : null} waitSeconds={await cooldownLeft(db(), user.id)} />;
  }
  const t = await getTranslations('verify');
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <p className="text-slate-600">
        {t.rich('body', {
          email: () => (
            <strong className="text-slate-900">
              <EmailAddress value={link.email ?? ''} />
            </strong>
          ),
        })}
      </p>
      <ConfirmEmailForm token={String(token)} />
    </section>
  );
}
