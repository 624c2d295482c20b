import { AddressWithBadge, Badge } from '@/components/ui/badge';
import { EmailAddress } from '@/components/ui/email-address';
import { formatMobileNumber } from '@/lib/mobile-number';
import { nptDateTime, nptDay, nptTime } from '@/lib/nepal-time';
import { SubmitButton } from '@/components/ui/submit-button';
import { describeDevice } from '@/lib/device';
import { actorLabel, eventText, type SupportAccount } from '@/lib/support';
import { endSessionsAction, holdAction, liftHoldAction, undoLastChangeAction, unlockAction } from './actions';

const emailKinds: Record<string, string> = { 'verify-email': 'Confirmation link', 'email-changed': 'Change notice to the old address', 'email-restored': 'Undo notice to the removed address' };

/** What the last support action did, or why it could not. */
const notices: Record<string, string> = {
  hold: 'Email changes are on hold.',
  lift: 'The hold is lifted: the customer can change their email again.',
  sessions: 'Every session and app token of this account has ended.',
  undo: 'The last email change is undone: the previous address is back, everyone is signed out and changes are on hold.',
  reason: 'Write down why (at least a few words) before you act.',
  nothing_to_undo: 'There is no email change to undo on this account.',
  already_on_hold: 'Email changes were already on hold.',
  not_on_hold: 'Email changes were not on hold.',
  not_found: 'That account no longer exists.',
};
const delivery = { SENT: ['Sent', 'success'], PENDING: ['Queued', 'warning'], FAILED: ['Refused or not sent', 'warning'], BOUNCED: ['Bounced', 'warning'] } as const;

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="px-5 py-3">
      <dt className="text-sm text-slate-500">{term}</dt>
      <dd className="mt-0.5 text-base text-slate-900">{children}</dd>
    </div>
  );
}

/** One account as support sees it: identity, lock-out, the change in flight, e-mails sent, and the audit trail. */
export function AccountCard({ account, query, justUnlocked, outcome }: { account: SupportAccount; query: string; justUnlocked: boolean; outcome?: { done?: string; problem?: string } }) {
  const headingId = `account-${account.id}`;
  const notice = outcome?.done ? notices[outcome.done] : outcome?.problem ? notices[outcome.problem] : undefined;
  return (
    <article aria-labelledby={headingId} className="flex flex-col rounded-3xl bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex flex-wrap items-center gap-2 px-5 pt-4 pb-2">
        <h2 id={headingId} className="text-lg font-bold text-slate-900">
          {account.displayName}
        </h2>
        {account.role === 'STAFF' && <Badge tone="neutral">Staff</Badge>}
        <p className="w-full text-sm text-slate-500">Customer since {nptDay(account.createdAt)}</p>
      </header>

      {justUnlocked && (
        <p aria-live="polite" className="mx-5 rounded-xl bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200">
          Unlocked. {account.displayName} can confirm it’s them and change their email again now.
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
        <Row term="Mobile number">{formatMobileNumber(account.mobileNumber)}</Row>
        <Row term="Email">
          <AddressWithBadge address={account.email} tone="success" label="Verified" none="No email added" />
        </Row>
        {account.pending && (
          <Row term="Waiting for confirmation">
            <AddressWithBadge address={account.pending.email} tone="warning" label={account.pending.expired ? 'Link expired' : 'Pending'} />
            <span className="mt-1 block text-sm text-slate-600">
              Link {account.pending.delivery === 'sent' ? 'sent' : account.pending.delivery === 'failed' ? 'could not be sent' : 'queued'}; it{' '}
              {account.pending.expired ? 'expired' : 'expires'} {nptDateTime(account.pending.expiresAt)}.
            </span>
          </Row>
        )}
        <Row term="Email changes">
          {account.lock.state === 'locked' ? (
            <span className="flex flex-col gap-3">
              <span className="font-medium text-red-800">Locked until {nptTime(account.lock.until)} after too many wrong attempts</span>
              <form action={unlockAction} className="flex flex-col gap-2">
                <input type="hidden" name="userId" value={account.id} />
                <input type="hidden" name="q" value={query} />
                <span className="text-sm text-slate-600">Unlock only once you have checked who you are talking to.</span>
                <span>
                  <SubmitButton variant="secondary">Unlock</SubmitButton>
                </span>
              </form>
            </span>
          ) : account.lock.failures > 0 ? (
            `Not locked (${account.lock.failures} wrong attempt${account.lock.failures === 1 ? '' : 's'} recently)`
          ) : (
            'Not locked'
          )}
        </Row>
        <Row term="Recovery">
          {account.hold ? (
            <span className="block font-medium text-amber-900" data-testid="hold">
              Email changes on hold since {nptDateTime(account.hold.since)} ({account.hold.by === 'recovery' ? 'the owner undid a change' : 'support'}): {account.hold.reason}
            </span>
          ) : (
            'No hold'
          )}
          {account.passwordResetRequired && <span className="mt-1 block text-sm text-slate-700">Waiting for the owner to set a new password; sign-in is refused until then.</span>}
          {account.recoveries
            .filter((recovery) => recovery.conflict)
            .map((recovery) => (
              <span key={recovery.createdAt.toISOString()} className="mt-1 block text-sm font-medium text-red-800">
                Conflict: the undo could not restore <EmailAddress value={recovery.removedEmail} />, another account uses it now. The account has no email.
              </span>
            ))}
        </Row>
      </dl>

      <section aria-labelledby={`${headingId}-actions`} className="border-t border-slate-100 px-5 py-3">
        <h3 id={`${headingId}-actions`} className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Recovery actions
        </h3>
        <p className="mt-1 text-sm text-slate-600">Act only once you have checked who you are talking to. Each action is recorded with your name and reason.</p>
        <form className="mt-3 flex flex-col gap-3">
          <input type="hidden" name="userId" value={account.id} />
          <input type="hidden" name="q" value={query} />
          <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
            Reason (required)
            <textarea name="reason" required minLength={3} maxLength={500} rows={2} className="rounded-xl border border-slate-300 px-4 py-2 text-base text-slate-900 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none" />
          </label>
          <span className="flex flex-wrap gap-2">
            {account.hold ? (
              <SubmitButton variant="secondary" formAction={liftHoldAction}>
                Lift the hold
              </SubmitButton>
            ) : (
              <SubmitButton variant="secondary" formAction={holdAction}>
                Put email changes on hold
              </SubmitButton>
            )}
            <SubmitButton variant="secondary" formAction={endSessionsAction}>
              End all sessions
            </SubmitButton>
            {account.lastChange && (
              <SubmitButton variant="secondary" formAction={undoLastChangeAction} label={`Undo the last email change (back to ${account.lastChange.oldEmail})`}>
                Undo the last email change
              </SubmitButton>
            )}
          </span>
        </form>
      </section>

      <section aria-labelledby={`${headingId}-emails`} className="border-t border-slate-100 px-5 py-3">
        <h3 id={`${headingId}-emails`} className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Emails we sent
        </h3>
        {account.emails.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">None yet.</p>
        ) : (
          <ul className="mt-2 flex flex-col gap-2">
            {account.emails.map((email) => {
              const [label, tone] = delivery[email.status];
              return (
                <li key={`${email.kind}-${email.createdAt.toISOString()}`} className="text-sm text-slate-700">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">{emailKinds[email.kind] ?? email.kind}</span>
                    <Badge tone={tone}>{label}</Badge>
                  </span>
                  <span className="block break-words">
                    to <EmailAddress value={email.recipient} />, {nptDateTime(email.sentAt ?? email.createdAt)}
                    {email.attempts > 1 && `, ${email.attempts} attempts`}
                  </span>
                  {email.status !== 'SENT' && email.lastError && (
                    <span className="block break-words text-red-800">
                      {email.status === 'PENDING' ? 'Last error' : 'Mail server said'}: {email.lastError}
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
          Activity
        </h3>
        {account.events.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">No activity recorded.</p>
        ) : (
          <ol className="mt-2 flex flex-col divide-y divide-slate-100" aria-label="Activity, newest first">
            {account.events.map((event) => (
              <li key={event.id} className="py-2 text-sm" data-testid="activity">
                <span className="block font-medium break-words text-slate-900">{eventText(event)}</span>
                <span className="block break-words text-slate-600">
                  {nptDateTime(event.createdAt)} · {actorLabel(event.actor, account.id)}
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
