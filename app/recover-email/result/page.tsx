import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { RecoveryOutcome, type RecoveryOutcomeKind } from '../recovery-outcome';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('undoChange') };
}

const outcomes: RecoveryOutcomeKind[] = ['used', 'expired', 'superseded', 'invalid'];

export default async function RecoverResultPage({ searchParams }: { searchParams: Promise<{ outcome?: string }> }) {
  const { outcome } = await searchParams;
  return <RecoveryOutcome outcome={outcomes.find((known) => known === outcome) ?? 'invalid'} />;
}
