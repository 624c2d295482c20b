import { getLocale, getTranslations } from 'next-intl/server';
import { AddressWithBadge, Badge } from '@/components/ui/badge';
import { EmailAddress } from '@/components/ui/email-address';
import { formatMobileNumber } from '@/lib/mobile-number';
import { nptDateTime, nptDay, nptTime } from '@/lib/nepal-time';
import { SubmitButton } from '@/components/ui/submit-button';
import { describeDevice } from '@/lib/device';
import type { MessageKey } from '@/lib/i18n/translator';
import { actorLabel, eventText, type SupportAccount } from '@/lib/support';
import { endSessionsAction, holdAction, liftHoldAction, undoLastChangeAction, unlockAction } from './actions';

const emailKinds: Record<string, MessageKey> = { 'verify-email': 'support.kind.verifyEmail', 'email-changed': 'support.kind.emailChanged', 'email-restored': 'support.kind.emailRestored' };

/** What the last support action did, or why it could not. */
const notices: Record<string, MessageKey> = {
  hold: 'support.notice.hold',
  lift: 'support.notice.lift',
  sessions: 'support.notice.sessions',
  undo: 'support.notice.undo',
  reason: 'support.notice.reason',
  nothing_to_undo: 'support.notice.nothing_to_undo',
  already_on_hold: 'support.notice.already_on_hold',
  not_on_hold: 'support.notice.not_on_hold',
  not_found: 'support.notice.not_found',
};
const delivery = {
  SENT: ['support.delivery.sent', 'success'],
  PENDING: ['support.delivery.pending', 'warning'],
  FAILED: ['support.delivery.failed', 'warning'],
  BOUNCED: ['support.delivery.bounced', 'warning'],
} as const satisfies Record<string, readonly [MessageKey, string]>;

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="px-5 py-3">
      <dt className="text-sm text-slate-500">{term}</dt>
      <dd className="mt-0.5 text-base text-slate-900">{children}</dd>
    </div>
  );
}

/** One account as support sees it: identity, lock-out, the change in flight, e-mails sent, and the audit trail. */
export async function AccountCard({ account, query, justUnlocked, outcome }: { account: SupportAccount; query: string; justUnlocked: boolean; outcome?: { done?: string; problem?: string } }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations()]);
  const when = (date: Date) => nptDateTime(date, locale);
  const headingId = `account-${account.id}`;
  const noticeKey = outcome?.done ? notices[outcome.done] : outcome?.problem ? notices[outcome.problem] : undefined;
  const notice = noticeKey && t(noticeKey);
  const expired = account.pending?.expired ? 'yes' : 'no';
  return (
    <article aria-labelledby={headingId} className="flex flex-col rounded-3xl bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex flex-wrap items-center gap-2 px-5 pt-4 pb-2">
        <h2 id={headingId} className="text-lg font-bold text-slate-900">
          {account.displayName}
        </h2>
        {account.role === 'STAFF' && <Badge tone="neutral">{t('support.badgeStaff')}</Badge>}
        <p className="w-full text-sm text-slate-500">{t('support.customerSince', { date: nptDay(account.createdAt, locale) })}</p>
      </header>

      {justUnlocked && (
        <p aria-live="polite" className="mx-5 rounded-xl bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200">
          {t('support.unlocked', { name: account.displayName })}
        </p>
      )}

      {notice && (
        <p
          aria-live="polite"
          className={`mx-5 rounded-xl px-4 py-3 text-sm font-medium ring-1 ${outcome?.problem ? 'bg-red-50 text-red-800 ring-red-200' : 'bg-emerald-50 text-emerald-800 ring-emerald-200'}`}
        >
          {notice}
        </p>
      )}

      <dl className="divide-y divide-slate-100">
        <Row term={t('support.mobile')}>{formatMobileNumber(account.mobileNumber)}</Row>
        <Row term={t('support.email')}>
          <AddressWithBadge address={account.email} tone="success" label={t('support.badgeVerified')} none={t('support.noEmail')} />
        </Row>
        {account.pending && (
          <Row term={t('support.waiting')}>
            <AddressWithBadge address={account.pending.email} tone="warning" label={t(account.pending.expired ? 'support.badgeLinkExpired' : 'support.badgePending')} />
            <span className="mt-1 block text-sm text-slate-600">
              {t(account.pending.delivery === 'sent' ? 'support.linkSent' : account.pending.delivery === 'failed' ? 'support.linkFailed' : 'support.linkQueued', {
                expired,
                at: when(account.pending.expiresAt),
              })}
            </span>
          </Row>
        )}
        <Row term={t('support.changes')}>
          {account.lock.state === 'locked' ? (
            <span className="flex flex-col gap-3">
              <span className="font-medium text-red-800">{t('support.lockedUntil', { until: nptTime(account.lock.until, locale) })}</span>
              <form action={unlockAction} className="flex flex-col gap-2">
                <input type="hidden" name="userId" value={account.id} />
                <input type="hidden" name="q" value={query} />
                <span className="text-sm text-slate-600">{t('support.unlockFirst')}</span>
                <span>
                  <SubmitButton variant="secondary">{t('support.unlock')}</SubmitButton>
                </span>
              </form>
            </span>
          ) : account.lock.failures > 0 ? (
            t('support.notLockedRecent', { failures: account.lock.failures })
          ) : (
            t('support.notLocked')
          )}
        </Row>
        <Row term={t('support.recovery')}>
          {account.hold ? (
            <span className="block font-medium text-amber-900" data-testid="hold">
              {t(account.hold.by === 'recovery' ? 'support.holdByOwner' : 'support.holdBySupport', { since: when(account.hold.since), reason: account.hold.reason })}
            </span>
          ) : (
            t('support.noHold')
          )}
          {account.passwordResetRequired && <span className="mt-1 block text-sm text-slate-700">{t('support.passwordPending')}</span>}
          {account.recoveries
            .filter((recovery) => recovery.conflict)
            .map((recovery) => (
              <span key={recovery.createdAt.toISOString()} className="mt-1 block text-sm font-medium text-red-800">
                {t.rich('support.conflict', { email: () => <EmailAddress value={recovery.removedEmail} /> })}
              </span>
            ))}
        </Row>
      </dl>

      <section aria-labelledby={`${headingId}-actions`} className="border-t border-slate-100 px-5 py-3">
        <h3 id={`${headingId}-actions`} className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          {t('support.actions')}
        </h3>
        <p className="mt-1 text-sm text-slate-600">{t('support.actionsLead')}</p>
        <form className="mt-3 flex flex-col gap-3">
          <input type="hidden" name="userId" value={account.id} />
          <input type="hidden" name="q" value={query} />
          <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
            {t('support.reason')}
            <textarea name="reason" required minLength={3} maxLength={500} rows={2} className="rounded-xl border border-slate-300 px-4 py-2 text-base text-slate-900 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none" />
          </label>
          <span className="flex flex-wrap gap-2">
            {account.hold ? (
              <SubmitButton variant="secondary" formAction={liftHoldAction}>
                {t('support.liftHold')}
              </SubmitButton>
            ) : (
              <SubmitButton variant="secondary" formAction={holdAction}>
                {t('support.hold')}
              </SubmitButton>
            )}
            <SubmitButton variant="secondary" formAction={endSessionsAction}>
              {t('support.endSessions')}
            </SubmitButton>
            {account.lastChange && (
              <SubmitButton variant="secondary" formAction={undoLastChangeAction} label={t('support.undoLabel', { email: account.lastChange.oldEmail ?? t('support.noEmail') })}>
                {t('support.undo')}
              </SubmitButton>
            )}
          </span>
        </form>
      </section>

      <section aria-labelledby={`${headingId}-emails`} className="border-t border-slate-100 px-5 py-3">
        <h3 id={`${headingId}-emails`} className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          {t('support.emails')}
        </h3>
        {account.emails.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">{t('support.noEmails')}</p>
        ) : (
          <ul className="mt-2 flex flex-col gap-2">
            {account.emails.map((email) => {
              const [label, tone] = delivery[email.status];
              return (
                <li key={`${email.kind}-${email.createdAt.toISOString()}`} className="text-sm text-slate-700">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">{emailKinds[email.kind] ? t(emailKinds[email.kind]!) : email.kind}</span>
                    <Badge tone={tone}>{t(label)}</Badge>
                  </span>
                  <span className="block break-words">
                    {t.rich('support.sentTo', { email: () => <EmailAddress value={email.recipient} />, at: when(email.sentAt ?? email.createdAt) })}
                    {email.attempts > 1 && t('support.attempts', { count: email.attempts })}
                  </span>
                  {email.status !== 'SENT' && email.lastError && (
                    <span className="block break-words text-red-800">
                      {t(email.status === 'PENDING' ? 'support.lastError' : 'support.serverSaid', { error: email.lastError })}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby={`${headingId}-activity`} className="border-t border-slate-100 px-5 py-3 pb-5">
        <h3 id={`${headingId}-activity`} className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          {t('support.activity')}
        </h3>
        {account.events.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">{t('support.noActivity')}</p>
        ) : (
          <ol className="mt-2 flex flex-col divide-y divide-slate-100" aria-label={t('support.activityList')}>
            {account.events.map((event) => (
              <li key={event.id} className="py-2 text-sm" data-testid="activity">
                <span className="block font-medium break-words text-slate-900">{eventText(event, t)}</span>
                <span className="block break-words text-slate-600">
                  {when(event.createdAt)} · {actorLabel(event.actor, account.id, t)}
                  {event.ip && ` · ${event.ip}`}
                  {event.userAgent && ` · ${describeDevice(event.userAgent)}`}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
