'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { TextField } from '@/components/ui/text-field';
import { setUpBiometrics, usePlatformBiometrics } from '@/lib/client/biometrics';
import { useCallAction } from '@/lib/client/call-action';
import { reauthWithPasswordAction } from '../email/actions';
import { removePasskeyAction } from './actions';

export interface PasskeyRow {
  id: string;
  name: string;
  created: string;
  lastUsed: string | null;
}

/** UC03 set-up: list this account's passkeys, add one on this device (after the password), remove one. */
export function PasskeyManager({ passkeys }: { passkeys: PasskeyRow[] }) {
  const router = useRouter();
  const t = useTranslations('biometrics');
  const callAction = useCallAction();
  const available = usePlatformBiometrics();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  const [askPassword, setAskPassword] = useState(false);
  const [passwordError, setPasswordError] = useState<string>();
  const passwordRef = useRef<HTMLInputElement>(null);

  function setUp() {
    setMessage(undefined);
    startTransition(async () => {
      const result = await callAction(() => setUpBiometrics({ cancelled: t('cancelled'), deviceFailed: t('deviceFailed') }));
      if (result.ok) {
        setMessage(t('done'));
        return router.refresh();
      }
      if (result.code === 'reauth_required') return setAskPassword(true);
      setMessage(result.message);
    });
  }

  function confirmPassword(event: React.FormEvent) {
    event.preventDefault();
    setPasswordError(undefined);
    startTransition(async () => {
      const result = await callAction(() => reauthWithPasswordAction({ password: passwordRef.current?.value ?? '' }));
      if (!result.ok) return setPasswordError(result.message);
      setAskPassword(false);
      setUp();
    });
  }

  return (
    <div className="flex flex-col gap-3">
      {passkeys.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-2xl ring-1 ring-slate-200" aria-label={t('list')}>
          {passkeys.map((key) => (
            <li key={key.id} className="flex items-center justify-between gap-3 px-4 py-3">
              <div className="min-w-0">
                <p className="truncate font-medium text-slate-900">{key.name}</p>
                <p className="text-xs text-slate-500">
                  {key.lastUsed ? t('added', { created: key.created, lastUsed: key.lastUsed }) : t('addedUnused', { created: key.created })}
                </p>
              </div>
              <Button
                variant="ghost"
                className="min-h-10 px-3 text-sm"
                aria-label={t('removeLabel', { name: key.name })}
                onClick={() =>
                  startTransition(async () => {
                    await callAction(() => removePasskeyAction(key.id));
                    router.refresh();
                  })
                }
              >
                {t('remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {askPassword ? (
        <form onSubmit={confirmPassword} className="flex flex-col gap-3" noValidate>
          <TextField ref={passwordRef} label={t('password')} type="password" autoComplete="current-password" autoFocus error={passwordError} />
          <Button type="submit" pending={pending}>
            {t('confirmSetUp')}
          </Button>
        </form>
      ) : available ? (
        <Button variant="secondary" onClick={setUp} pending={pending} className="self-start">
          {t('setUp')}
        </Button>
      ) : (
        <p className="text-sm text-slate-500">{t('unavailable')}</p>
      )}
      <FormAlert tone="info" message={message} />
    </div>
  );
}
