import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { AddressWithBadge } from '@/components/ui/badge';
import { sessionConfig } from '@/lib/auth/config';
import { requireUser } from '@/lib/auth/require-user';
import { db } from '@/lib/db';
import { domainOf } from '@/lib/email-change/address';
import type { PendingChange } from '@/lib/email-change/request';
import { env } from '@/lib/env';
import { formatMobileNumber } from '@/lib/mobile-number';
import { nptDateTime, nptDay } from '@/lib/nepal-time';
import { emailChangeOpen } from '@/lib/flags';
import { profileData } from '@/lib/profile';
import { MoreOptionsMenu } from './more-options-menu';
import { PasskeyManager } from './biometrics/passkey-manager';
import { SignedInDevices } from './devices/signed-in-devices';
import { CodeForm } from './code-form';
import { ResendButton } from './resend-button';
import { withdrawAction } from './email/actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('profile') };
}

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ verified?: string; withdrawn?: string }> }) {
  const user = await requireUser();
  const [locale, t] = await Promise.all([getLocale(), getTranslations('profile')]);
  const emailAction = user.email ? t('updateEmail') : t('addEmail');
  // The page's second and last round trip (the first found the session and the account).
  const [{ pending, wait, passkeys: keys, devices }, open] = await Promise.all([profileData(db(), user.id, new Date(), sessionConfig()), emailChangeOpen(user.id)]);
  const { verified, withdrawn } = await searchParams;
  const passkeys = keys.map((key) => ({
    id: key.id,
    name: key.name,
    created: nptDay(key.createdAt, locale),
    lastUsed: key.lastUsedAt ? nptDay(key.lastUsedAt, locale) : null,
  }));

  return (
    <div className="flex flex-col gap-4">
      {verified && user.email && (
        <p aria-live="polite" className="rounded-2xl bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200">
          {t('verified')}
        </p>
      )}
      {withdrawn && !pending && (
        <p aria-live="polite" className="rounded-2xl bg-slate-100 px-4 py-3 text-sm font-medium text-slate-800 ring-1 ring-slate-200">
          {t('withdrawn')}
        </p>
      )}
      {user.emailHoldAt && (
        <section aria-labelledby="hold-heading" className="rounded-2xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="email-hold">
          <h2 id="hold-heading" className="font-semibold">
            {t('holdTitle')}
          </h2>
          <p className="mt-1">{t(user.emailHoldBy === 'recovery' ? 'holdByRecovery' : 'holdByStaff', { at: nptDateTime(user.emailHoldAt, locale) })}</p>
        </section>
      )}
      <section className="flex items-center gap-4 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div aria-hidden className="grid size-14 shrink-0 place-items-center rounded-full bg-brand-100 text-lg font-bold text-brand-700">
          {initials(user.displayName)}
        </div>
        <div className="min-w-0">
          <h1 className="truncate text-xl font-bold text-slate-900">{user.displayName}</h1>
          <p className="text-sm text-slate-500">{t('account')}</p>
        </div>
      </section>

      <section aria-labelledby="details-heading" className="rounded-3xl bg-white shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between px-5 pt-4 pb-2">
          <h2 id="details-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
            {t('contact')}
          </h2>
          {/* Behind the rollout (lib/flags): off, there is no entry; a change in flight can still be confirmed below. */}
          {open && <MoreOptionsMenu label={t('moreOptions')} items={[{ label: emailAction, href: '/profile/email' }]} />}
        </div>
        <dl className="divide-y divide-slate-100">
          <div className="px-5 py-4">
            <dt className="text-sm text-slate-500">{t('mobile')}</dt>
            <dd className="mt-0.5 text-base font-medium text-slate-900">{formatMobileNumber(user.mobileNumber)}</dd>
          </div>
          <div className="px-5 py-4" data-testid="email-status">
            <dt className="text-sm text-slate-500">{t('email')}</dt>
            <dd>
              <AddressWithBadge address={user.email} tone="success" label={t('badgeVerified')} none={t('noEmail')} />
            </dd>
          </div>
        </dl>
        {pending && <PendingAddress pending={pending} wait={wait} />}
      </section>

      <section aria-labelledby="biometrics-heading" className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div>
          <h2 id="biometrics-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
            {t('biometrics')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t('biometricsLead')}</p>
        </div>
        <PasskeyManager passkeys={passkeys} />
      </section>

      <SignedInDevices sessions={devices} currentSessionId={user.sessionId} />

      {user.role === 'STAFF' && (
        <Link href="/support" className="rounded-2xl bg-white px-5 py-4 font-semibold text-brand-700 shadow-sm ring-1 ring-slate-200 hover:bg-brand-50">
          {t('support')}
        </Link>
      )}

      <p className="px-2 text-sm text-slate-600">{t('privacy')}</p>
    </div>
  );
}

/** The unconfirmed address: where the link went, and what became of it. */
async function PendingAddress({ pending, wait }: { pending: PendingChange; wait: number }) {
  const t = await getTranslations('pending');
  const undelivered = pending.delivery === 'failed' || pending.delivery === 'bounced';
  const refused = pending.deliveryError;
  const domain = domainOf(pending.email);
  return (
    <div className="flex flex-col gap-3 border-t border-slate-100 px-5 py-4" data-testid="pending-email">
      <div>
        <p className="text-sm text-slate-500">{t('waiting')}</p>
        <AddressWithBadge
          address={pending.email}
          tone={refused ? 'danger' : pending.expired ? 'neutral' : 'warning'}
          label={t(refused ? 'badgeRefused' : pending.expired ? 'badgeExpired' : 'badgePending')}
        />
      </div>
      <p className={`text-sm ${refused ? 'text-red-800' : 'text-slate-600'}`} data-testid="delivery">
        {refused
          ? t('refused', { domain, reason: refused })
          : undelivered
            ? t('undelivered')
            : pending.expired
              ? t('expired')
              : t('sent', { email: pending.email })}
      </p>
      {undelivered && (
        <Link href="/profile/email" className="self-start font-semibold text-brand-700 hover:underline">
          {t('changeAddress')}
        </Link>
      )}
      {!pending.expired && !undelivered && <CodeForm />}
      {/* Sending again to an address its server refused would only be refused again. */}
      {!refused && <ResendButton waitSeconds={wait} cooldownSeconds={env().EMAIL_RESEND_COOLDOWN_SECONDS} />}
      <form action={withdrawAction}>
        <button className="text-sm font-semibold text-slate-700 underline-offset-2 hover:underline">{t('withdraw')}</button>
      </form>
    </div>
  );
}
