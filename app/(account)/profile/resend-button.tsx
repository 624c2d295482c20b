'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { useCallAction } from '@/lib/client/call-action';
import { resendAction } from './email/actions';

/** UC07: "Resend" with the server's cooldown shown as a live countdown. */
export function ResendButton({ waitSeconds, cooldownSeconds }: { waitSeconds: number; cooldownSeconds: number }) {
  const router = useRouter();
  const t = useTranslations('resend');
  const callAction = useCallAction();
  const [left, setLeft] = useState(waitSeconds);
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();
  const [key, setKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((value) => value - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);

  function resend() {
    setMessage(undefined);
    startTransition(async () => {
      const result = await callAction(() => resendAction(key));
      if (result.ok) {
        setKey(crypto.randomUUID());
        setLeft(cooldownSeconds);
        setMessage(t('sent', { email: result.email }));
        return router.refresh();
      }
      if ('retryAfterSeconds' in result && result.retryAfterSeconds) setLeft(result.retryAfterSeconds);
      setMessage(result.message);
    });
  }

  return (
    <div className="flex flex-col gap-2">
      <Button variant="secondary" onClick={resend} pending={pending} disabled={left > 0} className="self-start">
        {left > 0 ? t('wait', { seconds: left }) : t('button')}
      </Button>
      <FormAlert tone="info" message={message} />
    </div>
  );
}
