import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireUser } from '@/lib/auth/require-user';
import { db } from '@/lib/db';
import { cooldownLeft } from '@/lib/email-change/limits';
import { pendingChange } from '@/lib/email-change/request';
import { OutcomeView, type Outcome } from '../outcome-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('notConfirmed') };
}

const outcomes: Outcome[] = ['expired', 'used', 'superseded', 'invalid', 'address_taken'];

export default async function VerifyResultPage({ searchParams }: { searchParams: Promise<{ outcome?: string }> }) {
  const user = await requireUser();
  const { outcome } = await searchParams;
  const known = outcomes.find((candidate) => candidate === outcome) ?? 'invalid';
  // A used link with a verified address and nothing waiting has done its work: nothing to send again.
  const done = known === 'used' && user.email !== null && !(await pendingChange(db(), user.id, new Date()));
  return <OutcomeView outcome={known} verifiedEmail={done ? user.email : null} waitSeconds={await cooldownLeft(db(), user.id)} />;
}
