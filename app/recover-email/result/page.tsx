import type { Metadata } from 'next';
import { RecoveryOutcome, type RecoveryOutcomeKind } from '../recovery-outcome';

export const metadata: Metadata = { title: 'Undo an email change' };

const outcomes: RecoveryOutcomeKind[] = ['used', 'expired', 'superseded', 'invalid'];

export default async function RecoverResultPage({ searchParams }: { searchParams: Promise<{ outcome?: string }> }) {
  const { outcome } = await searchParams;
  return <RecoveryOutcome outcome={outcomes.find((known) => known === outcome) ?? 'invalid'} />;
}
