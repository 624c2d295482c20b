import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { cookies } from 'next/headers';
import { db } from '@/lib/db';
import { passwordStep } from '@/lib/email-change/recovery';
import { recoveryConfig } from '@/lib/email-change/service';
import { RecoveryOutcome } from '../recovery-outcome';
import { NewPasswordForm } from './new-password-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('newPassword') };
}

/** Right after an undo: the new password, before anyone can sign in with the old one. */
export default async function NewPasswordPage({ searchParams }: { searchParams: Promise<{ conflict?: string }> }) {
  const step = await passwordStep(db(), (await cookies()).get('wallet-recovery')?.value, new Date(), recoveryConfig());
  if (!step) return <RecoveryOutcome outcome="used" />;
  const conflict = (await searchParams).conflict === '1';
  const t = await getTranslations('recover');
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <p aria-live="polite" className={`rounded-2xl px-4 py-3 text-sm font-medium ring-1 ${conflict ? 'bg-amber-50 text-amber-900 ring-amber-200' : 'bg-emerald-50 text-emerald-800 ring-emerald-200'}`}>
        {t(conflict ? 'conflict' : 'undone', { removed: step.removedEmail })}
      </p>
      <h1 className="text-2xl font-bold">{t('passwordTitle')}</h1>
      <p className="text-slate-600">{t('passwordLead')}</p>
      <NewPasswordForm />
    </section>
  );
}
