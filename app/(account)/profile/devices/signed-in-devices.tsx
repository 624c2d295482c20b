import { getLocale, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { SubmitButton } from '@/components/ui/submit-button';
import { nptDateTime } from '@/lib/nepal-time';
import type { ProfileDevice } from '@/lib/profile';
import { endOtherSessionsAction, endSessionAction } from './actions';

/** Where the account is signed in: every browser and app session still live, this one marked. */
export async function SignedInDevices({ sessions, currentSessionId }: { sessions: ProfileDevice[]; currentSessionId: string }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations('devices')]);
  const when = (date: Date) => nptDateTime(date, locale);
  const others = sessions.filter((session) => session.id !== currentSessionId);
  return (
    <section aria-labelledby="devices-heading" className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div>
        <h2 id="devices-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          {t('title')}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t('lead')}</p>
      </div>
      <ul className="divide-y divide-slate-100" data-testid="devices">
        {sessions.map((session) => {
          const current = session.id === currentSessionId;
          return (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  {session.device}
                  {current && <Badge tone="success">{t('current')}</Badge>}
                </p>
                <p className="text-sm text-slate-500">{t('times', { signedIn: when(session.createdAt), lastActive: when(session.lastSeenAt) })}</p>
              </div>
              {!current && (
                <form action={endSessionAction}>
                  <input type="hidden" name="sessionId" value={session.id} />
                  <SubmitButton variant="ghost" label={t('signOutLabel', { device: session.device, signedIn: when(session.createdAt) })}>
                    {t('signOut')}
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
            {t('signOutOthers')}
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
