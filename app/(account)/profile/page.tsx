import type { Metadata } from 'next';
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
import { profileData } from '@/lib/profile';
import { MoreOptionsMenu } from './more-options-menu';
import { PasskeyManager } from './biometrics/passkey-manager';
import { SignedInDevices } from './devices/signed-in-devices';
import { CodeForm } from './code-form';
import { ResendButton } from './resend-button';
import { withdrawAction } from './email/actions';

export const metadata: Metadata = { title: 'Profile' };

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
  const emailAction = user.email ? 'Update email' : 'Add email';
  // The page's second and last round trip (the first found the session and the account).
  const { pending, wait, passkeys: keys, devices } = await profileData(db(), user.id, new Date(), sessionConfig());
  const { verified, withdrawn } = await searchParams;
  const passkeys = keys.map((key) => ({
    id: key.id,
    name: key.name,
    created: nptDay(key.createdAt),
    lastUsed: key.lastUsedAt ? nptDay(key.lastUsedAt) : null,
  }));

  return (
    <div className="flex flex-col gap-4">
      {verified && user.email && (
        <p aria-live="polite" className="rounded-2xl bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200">
          Your email is verified. Other devices were signed out for your safety.
        </p>
      )}
      {withdrawn && !pending && (
        <p aria-live="polite" className="rounded-2xl bg-slate-100 px-4 py-3 text-sm font-medium text-slate-800 ring-1 ring-slate-200">
          Change withdrawn. The link and code we sent no longer work.
        </p>
      )}
      {user.emailHoldAt && (
        <section aria-labelledby="hold-heading" className="rounded-2xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="email-hold">
          <h2 id="hold-heading" className="font-semibold">
            Email changes are on hold
          </h2>
          <p className="mt-1">
            {user.emailHoldBy === 'recovery' ? 'Since you undid an email change on ' : 'Since '}
            {nptDateTime(user.emailHoldAt)}, nobody can change the email on this account. Call Wallet support on 01-5970017 to lift the
            hold once you are ready.
          </p>
        </section>
      )}
      <section className="flex items-center gap-4 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div aria-hidden className="grid size-14 shrink-0 place-items-center rounded-full bg-brand-100 text-lg font-bold text-brand-700">
          {initials(user.displayName)}
        </div>
        <div className="min-w-0">
          <h1 className="truncate text-xl font-bold text-slate-900">{user.displayName}</h1>
          <p className="text-sm text-slate-500">Wallet account</p>
        </div>
      </section>

      <section aria-labelledby="details-heading" className="rounded-3xl bg-white shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between px-5 pt-4 pb-2">
          <h2 id="details-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
            Contact details
          </h2>
          <MoreOptionsMenu items={[{ label: emailAction, href: '/profile/email' }]} />
        </div>
        <dl className="divide-y divide-slate-100">
          <div className="px-5 py-4">
            <dt className="text-sm text-slate-500">Mobile number</dt>
            <dd className="mt-0.5 text-base font-medium text-slate-900">{formatMobileNumber(user.mobileNumber)}</dd>
          </div>
          <div className="px-5 py-4" data-testid="email-status">
            <dt className="text-sm text-slate-500">Email</dt>
            <dd>
              <AddressWithBadge address={user.email} tone="success" label="Verified" />
            </dd>
          </div>
        </dl>
        {pending && <PendingAddress pending={pending} wait={wait} />}
      </section>

      <section aria-labelledby="biometrics-heading" className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div>
          <h2 id="biometrics-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
            Biometrics
          </h2>
          <p className="mt-1 text-sm text-slate-600">Confirm changes with your fingerprint, face or screen lock instead of your password.</p>
        </div>
        <PasskeyManager passkeys={passkeys} />
      </section>

      <SignedInDevices sessions={devices} currentSessionId={user.sessionId} />

      {user.role === 'STAFF' && (
        <Link href="/support" className="rounded-2xl bg-white px-5 py-4 font-semibold text-brand-700 shadow-sm ring-1 ring-slate-200 hover:bg-brand-50">
          Support console
        </Link>
      )}

      <p className="px-2 text-sm text-slate-500">
        Your email is used for receipts and security alerts. We never show it to other wallet users.
      </p>
    </div>
  );
}

/** The unconfirmed address: where the link went, and what became of it. */
function PendingAddress({ pending, wait }: { pending: PendingChange; wait: number }) {
  const undelivered = pending.delivery === 'failed' || pending.delivery === 'bounced';
  const refused = pending.deliveryError;
  const domain = domainOf(pending.email);
  return (
    <div className="flex flex-col gap-3 border-t border-slate-100 px-5 py-4" data-testid="pending-email">
      <div>
        <p className="text-sm text-slate-500">Waiting for confirmation</p>
        <AddressWithBadge
          address={pending.email}
          tone={refused ? 'danger' : pending.expired ? 'neutral' : 'warning'}
          label={refused ? 'Refused' : pending.expired ? 'Expired' : 'Pending'}
        />
      </div>
      <p className={`text-sm ${refused ? 'text-red-800' : 'text-slate-600'}`} data-testid="delivery">
        {refused
          ? `The mail server for ${domain} refused this address: “${refused}”. Check the address and change it.`
          : undelivered
            ? 'We couldn’t send the confirmation email. Check the address, then resend.'
            : pending.expired
              ? 'The link we sent has expired. Send a new one.'
              : `We sent a link and a 6-digit code to ${pending.email}. Open the link, or enter the code here.`}
      </p>
      {undelivered && (
        <Link href="/profile/email" className="self-start font-semibold text-brand-700 hover:underline">
          Change the address
        </Link>
      )}
      {!pending.expired && !undelivered && <CodeForm />}
      {/* Sending again to an address its server refused would only be refused again. */}
      {!refused && <ResendButton waitSeconds={wait} cooldownSeconds={env().EMAIL_RESEND_COOLDOWN_SECONDS} />}
      <form action={withdrawAction}>
        <button className="text-sm font-semibold text-slate-700 underline-offset-2 hover:underline">Withdraw this change</button>
      </form>
    </div>
  );
}
