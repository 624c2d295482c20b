import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/require-user';
import { OutcomeView, type Outcome } from '../outcome-view';

export const metadata: Metadata = { title: 'Email not confirmed' };

const outcomes: Outcome[] = ['expired', 'used', 'superseded', 'invalid', 'address_taken'];

export default async function VerifyResultPage({ searchParams }: { searchParams: Promise<{ outcome?: string }> }) {
  await requireUser();
  const { outcome } = await searchParams;
  return <OutcomeView outcome={outcomes.find((known) => known === outcome) ?? 'invalid'} />;
}
