import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { reauthStatus } from '@/lib/auth/reauth';
import { requireUser } from '@/lib/auth/require-user';
import { db } from '@/lib/db';
import { outcomeMessages } from '@/lib/email-change/messages';
import { pendingChange } from '@/lib/email-change/request';
import { reauthConfig } from '@/lib/email-change/service';
import { emailChangeOpen } from '@/lib/flags';
import { EmailChangeFlow } from './email-change-flow';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('email') };
}

export default async function EmailPage({ searchParams }: { searchParams: Promise<{ renew?: string }> }) {
  const user = await requireUser();
  const now = new Date();
  const status = await reauthStatus(db(), user.id, user.sessionId, now, reauthConfig());
  // From "Resend" on a link that has expired: the same address, once the user proves it is them.
  const renew = (await searchParams).renew === '1' ? await pendingChange(db(), user.id, now) : null;
  const [locale, t] = await Promise.all([getLocale(), getTranslations()]);
  const messages = outcomeMessages(locale);
  const title = user.email ? t('emailPage.update') : t('emailPage.add');
  const [passkeys, open] = await Promise.all([db().passkey.count({ where: { userId: user.id } }), emailChangeOpen(user.id)]);
  const hasPasskey = passkeys > 0;
  return (
    <div className="flex flex-col gap-4">
      <Link href="/profile" className="self-start rounded-lg px-1 py-2 text-sm font-medium text-brand-700 hover:underline">
        {t('shell.back')}
      </Link>
      <section className="rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="mb-5 text-2xl font-bold">{title}</h1>
        {open ? (
          <>
            {renew && <p className="mb-4 text-slate-600">{messages.renewExpired}</p>}
            <EmailChangeFlow
              currentEmail={user.email}
              initialEmail={renew?.email}
              hasPasskey={hasPasskey}
              lockedMessage={user.emailHoldAt ? messages.on_hold : status.state === 'locked' ? messages.locked(status.until) : undefined}
            />
          </>
        ) : (
          // Behind the rollout (lib/flags): no new request; a link or code already sent still confirms.
          <p className="text-slate-700" data-testid="email-change-paused">
            {messages.paused}
          </p>
        )}
      </section>
    </div>
  );
}
