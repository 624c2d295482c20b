'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { callAction } from '@/lib/client/call-action';
import { resendAction } from '../../(account)/profile/email/actions';

/** UC06 → UC07: a fresh link for the pending address; the profile then shows where it went. */
export function SendNewLink() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  const [key] = useState(() => crypto.randomUUID());
  return (
    <div className="flex flex-col gap-3">
      <FormAlert message={message} />
      <Button
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await callAction(() => resendAction(key));
            if (result.ok) return router.push('/profile?resent=1');
            if (result.code === 'no_pending_request') return router.push('/profile/email');
            setMessage(result.message);
          })
        }
      >
        Send a new link
      </Button>
    </div>
  );
}
