import type { Metadata } from 'next';
import { Button } from '@/components/ui/button';
import { EmailAddress } from '@/components/ui/email-address';
import { requireUser } from '@/lib/auth/require-user';
import { inspectLink } from '@/lib/email-change/confirm';
import { cooldownLeft } from '@/lib/email-change/limits';
import { db } from '@/lib/db';
import { confirmEmailAction } from './actions';
import { OutcomeView } from './outcome-view';

export const metadata: Metadata = { title: 'Confirm email', referrer: 'no-referrer' };

/** The link's landing page. Looking changes nothing (link scanners fetch it); the button confirms. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const user = await requireUser();
  const { token } = await searchParams;
  const link = await inspectLink(db(), token, user.id, new Date());
  if (link.state !== 'valid') {
    const done = link.state === 'used' && user.email !== null && user.email.toLowerCase() === link.email?.toLowerCase();
    return <OutcomeView outcome={link.state} verifiedEmail={done ? user.email : null} waitSeconds={await cooldownLeft(db(), user.id)} />;
  }
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-2xl font-bold">Confirm your email</h1>
      <p className="text-slate-600">
        Use{' '}
        <strong className="text-slate-900">
          <EmailAddress value={link.email ?? ''} />
        </strong>{' '}
        as the email for your Wallet account? Receipts and
        security alerts will go there.
      </p>
      <form action={confirmEmailAction}>
        <input type="hidden" name="token" value={String(token)} />
        <Button type="submit" className="w-full">
          Confirm email
        </Button>
      </form>
    </section>
  );
}
