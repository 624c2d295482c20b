import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { db } from '@/lib/db';
import { passwordStep } from '@/lib/email-change/recovery';
import { recoveryConfig } from '@/lib/email-change/service';
import { RecoveryOutcome } from '../recovery-outcome';
import { NewPasswordForm } from './new-password-form';

export const metadata: Metadata = { title: 'Set a new password' };

/** Right after an undo: the new password, before anyone can sign in with the old one. */
export default async function NewPasswordPage({ searchParams }: { searchParams: Promise<{ conflict?: string }> }) {
  const step = await passwordStep(db(), (await cookies()).get('wallet-recovery')?.value, new Date(), recoveryConfig());
  if (!step) return <RecoveryOutcome outcome="used" />;
  const conflict = (await searchParams).conflict === '1';
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <p aria-live="polite" className={`rounded-2xl px-4 py-3 text-sm font-medium ring-1 ${conflict ? 'bg-amber-50 text-amber-900 ring-amber-200' : 'bg-emerald-50 text-emerald-800 ring-emerald-200'}`}>
        {conflict
          ? `Everyone was signed out and email changes are on hold. We couldn’t put ${step.removedEmail} back: another Wallet account uses it now, so your account has no email for the moment. Wallet support has been told and will help you.`
          : `The change is undone: ${step.removedEmail} is your email again, everyone was signed out, and email changes are on hold.`}
      </p>
      <h1 className="text-2xl font-bold">Set a new password</h1>
      <p className="text-slate-600">Whoever changed your email may know your password. Choose a new one; the old one no longer works.</p>
      <NewPasswordForm />
    </section>
  );
}
