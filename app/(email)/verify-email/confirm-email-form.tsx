'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { useCallAction } from '@/lib/client/call-action';
import { confirmEmailAction } from './actions';

/**
 * "Confirm email". A plain form posting to the server action, so it works before
 * JavaScript loads; once it has, a lost connection is said here like on every other
 * form (UC08), instead of the whole page turning into "Something went wrong".
 */
export function ConfirmEmailForm({ token }: { token: string }) {
  const t = useTranslations('verify');
  const callAction = useCallAction();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  return (
    <form
      action={confirmEmailAction}
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        setMessage(undefined);
        startTransition(async () => {
          // Success and every link outcome redirect; only a failed request comes back.
          const result = await callAction(() => confirmEmailAction(data));
          if (result) setMessage(result.message);
        });
      }}
    >
      <input type="hidden" name="token" value={token} />
      <FormAlert message={message} />
      <Button type="submit" className="w-full" pending={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
