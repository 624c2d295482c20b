import { AddressWithBadge, Badge } from '@/components/ui/badge';
import { formatMobileNumber } from '@/lib/mobile-number';
import { nptDateTime, nptDay, nptTime } from '@/lib/nepal-time';
import { actorLabel, eventText, type SupportAccount } from '@/lib/support';
import { unlockAction } from './actions';
import { SubmitButton } from '@/components/ui/submit-button';

const emailKinds: Record<string, string> = { 'verify-email': 'Confirmation link', 'email-changed': 'Change notice to the old address' };
const delivery = { SENT: ['Sent', 'success'], PENDING: ['Queued', 'warning'], FAILED: ['Not sent', 'warning'] } as const;

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="px-5 py-3">
      <dt className="text-sm text-slate-500">{term}</dt>
      <dd className="mt-0.5 text-base text-slate-900">{children}</dd>
    </div>
  );
}

/** One account as support sees it: identity, lock-out, the change in flight, e-mails sent, and the audit trail. */
export function AccountCard({ account, query, justUnlocked }: { account: SupportAccount; query: string; justUnlocked: boolean }) {
  const headingId = `account-${account.id}`;
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

      <dl className="divide-y divide-slate-100">
        <Row term="Mobile number">{formatMobileNumber(account.mobileNumber)}</Row>
        <Row term="Email">
          <AddressWithBadge address={account.email} tone={account.email ? 'success' : 'neutral'} label={account.email ? 'Verified' : 'Not added'} />
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
      </dl>

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
                    to <span className="break-all">{email.recipient}</span>, {nptDateTime(email.sentAt ?? email.createdAt)}
                    {email.attempts > 1 && `, ${email.attempts} attempts`}
                  </span>
                  {email.status !== 'SENT' && email.lastError && <span className="block text-red-800">Last error: {email.lastError}</span>}
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
                  {event.userAgent && ` · ${event.userAgent.slice(0, 80)}`}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
