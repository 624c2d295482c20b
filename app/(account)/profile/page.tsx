import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/require-user';
import { formatMobileNumber } from '@/lib/mobile-number';
import { MoreOptionsMenu } from './more-options-menu';

export const metadata: Metadata = { title: 'Profile' };

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

export default async function ProfilePage() {
  const user = await requireUser();
  const emailAction = user.email ? 'Update email' : 'Add email';

  return (
    <div className="flex flex-col gap-4">
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
            {user.email ? (
              <dd className="mt-0.5 flex flex-wrap items-center gap-2">
                <span className="text-base font-medium break-all text-slate-900">{user.email}</span>
                <span className="rounded-full bg-emerald-50 px-2.5 py-0.5 text-xs font-semibold text-emerald-700 ring-1 ring-emerald-200">
                  Verified
                </span>
              </dd>
            ) : (
              <dd className="mt-0.5 flex flex-wrap items-center gap-2">
                <span className="text-base text-slate-600">No email added</span>
                <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-600 ring-1 ring-slate-200">
                  Not added
                </span>
              </dd>
            )}
          </div>
        </dl>
      </section>

      <p className="px-2 text-sm text-slate-500">
        Your email is used for receipts and security alerts. We never show it to other wallet users.
      </p>
    </div>
  );
}
