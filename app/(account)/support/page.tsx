import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { requireStaff } from '@/lib/auth/require-user';
import { db } from '@/lib/db';
import { reauthConfig } from '@/lib/email-change/service';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { formatMobileNumber } from '@/lib/mobile-number';
import { nptDateTime } from '@/lib/nepal-time';
import { accountForSupport, accountsNeedingAttention, findAccounts, type SupportAccount } from '@/lib/support';
import { emailChangeRollout } from '@/lib/flags';
import { SubmitButton } from '@/components/ui/submit-button';
import { setRolloutAction } from './actions';
import { AccountCard } from './account-card';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('support') };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

/** Staff only: find a customer's account by what they can tell you, see what happened, and lift a lock-out. */
export default async function SupportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff();
  const params = await searchParams;
  const query = first(params.q).slice(0, 300);
  const unlocked = first(params.unlocked);
  const acted = first(params.account);
  const outcome = { done: first(params.done) || undefined, problem: first(params.problem) || undefined };
  const search = query.trim() ? await findAccounts(db(), query) : null;
  const now = new Date();
  // After an action on an account found from the attention list, that account is shown again.
  const ids = search?.ok ? search.userIds : /^[0-9a-f-]{36}$/i.test(acted) ? [acted] : [];
  const accounts = (await Promise.all(ids.map((id) => accountForSupport(db(), id, now, reauthConfig())))).filter((account): account is SupportAccount => account !== null);
  const attention = search ? [] : await accountsNeedingAttention(db(), now);
  const [locale, t, rollout] = await Promise.all([getLocale(), getTranslations('support'), emailChangeRollout()]);
  const rolloutOutcome = first(params.rollout);

  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-xl font-bold text-slate-900">{t('title')}</h1>
          <Link href="/support/insights" className="text-sm font-medium text-brand-700 hover:underline">
            {t('insightsLink')}
          </Link>
        </div>
        <form role="search" method="get" action="/support" className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <TextField
            className="grow"
            name="q"
            label={t('searchLabel')}
            defaultValue={query}
            autoComplete="off"
            hint={t('searchHint')}
            error={search && !search.ok ? t('searchError') : undefined}
          />
          <Button type="submit" className="sm:mt-7">
            {t('search')}
          </Button>
        </form>
      </section>

      <section aria-labelledby="rollout-heading" className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="rollout">
        <div>
          <h2 id="rollout-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
            {t('rollout')}
          </h2>
          <p className="mt-1 font-medium text-slate-900">{rollout.enabled ? t('rolloutOn', { percent: rollout.rolloutPercent }) : t('rolloutOff')}</p>
          <p className="mt-1 text-sm text-slate-600">{t('rolloutLead')}</p>
        </div>
        {rolloutOutcome && (
          <p
            aria-live="polite"
            className={`rounded-xl px-4 py-3 text-sm font-medium ring-1 ${rolloutOutcome === 'saved' ? 'bg-emerald-50 text-emerald-800 ring-emerald-200' : 'bg-red-50 text-red-800 ring-red-200'}`}
          >
            {t(rolloutOutcome === 'saved' ? 'notice.rollout' : 'notice.reason')}
          </p>
        )}
        <form action={setRolloutAction} className="flex flex-col gap-3">
          <span className="flex flex-wrap items-end gap-4">
            <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
              <input type="checkbox" name="enabled" defaultChecked={rollout.enabled} className="size-5 accent-brand-600" />
              {t('rolloutEnabled')}
            </label>
            <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
              {t('rolloutPercent')}
              <input
                type="number"
                name="rolloutPercent"
                min={0}
                max={100}
                required
                defaultValue={rollout.rolloutPercent}
                className="min-h-12 w-28 rounded-xl border border-slate-300 px-4 text-base text-slate-900 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none"
              />
            </label>
          </span>
          <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
            {t('reason')}
            <textarea name="reason" required minLength={3} maxLength={500} rows={2} className="rounded-xl border border-slate-300 px-4 py-2 text-base text-slate-900 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none" />
          </label>
          <span>
            <SubmitButton variant="secondary">{t('rolloutSave')}</SubmitButton>
          </span>
        </form>
      </section>

      {search?.ok && accounts.length === 0 && (
        <p aria-live="polite" className="rounded-2xl bg-white px-5 py-4 text-slate-700 shadow-sm ring-1 ring-slate-200">
          {t('noneFound', { query: query.trim() })}
        </p>
      )}
      {accounts.map((account) => (
        <AccountCard key={account.id} account={account} query={query} justUnlocked={unlocked === account.id} outcome={acted === account.id ? outcome : undefined} />
      ))}

      {attention.length > 0 && accounts.length === 0 && (
        <section aria-labelledby="attention-heading" className="rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 id="attention-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
            {t('attention')}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t('attentionLead')}</p>
          <ul className="mt-3 divide-y divide-slate-100" data-testid="attention">
            {attention.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <span className="flex flex-col">
                  <Link href={`/support?${new URLSearchParams({ q: item.mobileNumber })}`} className="font-semibold text-brand-700 hover:underline">
                    {item.displayName} · {formatMobileNumber(item.mobileNumber)}
                  </Link>
                  <span className="text-sm text-slate-600">{nptDateTime(item.since, locale)}</span>
                </span>
                <span className="flex flex-wrap gap-1">
                  {item.conflict && <Badge tone="warning">{t('badgeConflict')}</Badge>}
                  {item.recoveredAt && <Badge tone="warning">{t('badgeRecovered')}</Badge>}
                  {item.onHold && <Badge tone="neutral">{t('badgeOnHold')}</Badge>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
