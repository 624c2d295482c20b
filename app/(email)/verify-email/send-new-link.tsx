'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { useCallAction } from '@/lib/client/call-action';
import { resendAction } from '../../(account)/profile/email/actions';

/** UC06 → UC07: a fresh link for the pending address; the profile then shows where it went. Disabled, with a countdown, while the cooldown runs. */
export function SendNewLink({ waitSeconds = 0 }: { waitSeconds?: number }) {
  const router = useRouter();
  const t = useTranslations('verify');
  const callAction = useCallAction();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  const [key] = useState(() => crypto.randomUUID());
  const [left, setLeft] = useState(waitSeconds);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((value) => value - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return (
    <div className="flex flex-col gap-3">
      <FormAlert message={message} />
      <Button
        pending={pending}
        disabled={left > 0}
        onClick={() =>
          startTransition(async () => {
            const result = await callAction(() => resendAction(key));
            if (result.ok) return router.push('/profile?resent=1');
            if (result.code === 'no_pending_request') return router.push('/profile/email');
            if ('retryAfterSeconds' in result && result.retryAfterSeconds) setLeft(result.retryAfterSeconds);
            setMessage(result.message);
          })
        }
      >
        {left > 0 ? t('sendNewWait', { seconds: left }) : t('sendNew')}
      </Button>
    </div>
  );
}
