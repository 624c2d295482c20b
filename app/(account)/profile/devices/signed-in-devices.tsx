import { Badge } from '@/components/ui/badge';
import { SubmitButton } from '@/components/ui/submit-button';
import { nptDateTime } from '@/lib/nepal-time';
import type { ProfileDevice } from '@/lib/profile';
import { endOtherSessionsAction, endSessionAction } from './actions';

/** Where the account is signed in: every browser and app session still live, this one marked. */
export function SignedInDevices({ sessions, currentSessionId }: { sessions: ProfileDevice[]; currentSessionId: string }) {
  const others = sessions.filter((session) => session.id !== currentSessionId);
  return (
    <section aria-labelledby="devices-heading" className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div>
        <h2 id="devices-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Signed-in devices
        </h2>
        <p className="mt-1 text-sm text-slate-600">If you don’t recognise a device, sign it out and change your password.</p>
      </div>
      <ul className="divide-y divide-slate-100" data-testid="devices">
        {sessions.map((session) => {
          const current = session.id === currentSessionId;
          return (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  {session.device}
                  {current && <Badge tone="success">This device</Badge>}
                </p>
                <p className="text-sm text-slate-500">
                  Signed in {nptDateTime(session.createdAt)} · Last active {nptDateTime(session.lastSeenAt)}
                </p>
              </div>
              {!current && (
                <form action={endSessionAction}>
                  <input type="hidden" name="sessionId" value={session.id} />
                  <SubmitButton variant="ghost" label={`Sign out ${session.device}, signed in ${nptDateTime(session.createdAt)}`}>
                    Sign out
                  </SubmitButton>
                </form>
              )}
            </li>
          );
        })}
      </ul>
      {others.length > 0 && (
        <form action={endOtherSessionsAction}>
          <SubmitButton variant="secondary" className="w-full sm:w-auto">
            Sign out of all other devices
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
