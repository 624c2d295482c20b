'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { useCallAction } from '@/lib/client/call-action';
import { confirmCodeAction } from './email/actions';

/** "Enter code": confirms the pending address with the e-mail's 6-digit code (the link may have opened on another device). */
export function CodeForm() {
  const t = useTranslations('code');
  const callAction = useCallAction();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const field = useRef<HTMLInputElement>(null);

  if (!open) {
    return (
      <Button variant="ghost" className="self-start" onClick={() => (setOpen(true), setTimeout(() => field.current?.focus()))}>
        {t('open')}
      </Button>
    );
  }
  return (
    <form
      noValidate
      className="flex flex-col gap-3 sm:flex-row sm:items-start"
      onSubmit={(event) => {
        event.preventDefault();
        setError(undefined);
        startTransition(async () => {
          const result = await callAction(() => confirmCodeAction(code));
          // Only failures come back: a right code goes on to the profile.
          setError(result.message);
          field.current?.focus();
        });
      }}
    >
      <TextField
        ref={field}
        className="sm:w-48"
        label={t('label')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        hint={t('hint')}
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={error}
      />
      <Button type="submit" pending={pending} className="sm:mt-7">
        {t('submit')}
      </Button>
    </form>
  );
}
