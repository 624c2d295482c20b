import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export type RecoveryOutcomeKind = 'used' | 'expired' | 'superseded' | 'invalid';

function copy(outcome: RecoveryOutcomeKind): { title: string; body: string } {
  switch (outcome) {
    case 'used':
      return { title: 'This change was already undone', body: 'Each undo link works once. If you still can’t sign in, or you didn’t undo it yourself, call Wallet support on 01-5970017.' };
    case 'expired':
      return { title: 'This undo link has expired', body: 'Undo links work for 7 days. If someone else changed your email, call Wallet support on 01-5970017: they can undo it for you after checking who you are.' };
    case 'superseded':
      return { title: 'This change has already been reversed', body: 'An earlier change on this account was undone, which undid this one too. If you still think someone has your account, call Wallet support on 01-5970017.' };
    case 'invalid':
      return { title: 'This link isn’t valid', body: 'It may be incomplete. Copy the whole link from the e-mail, or call Wallet support on 01-5970017.' };
  }
}

/** What a link that cannot undo anything says, and what to do instead. */
export function RecoveryOutcome({ outcome }: { outcome: RecoveryOutcomeKind }) {
  const { title, body } = copy(outcome);
  return (
    <section className="flex flex-col gap-4 rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-outcome={outcome}>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="text-slate-600">{body}</p>
      <Link href="/help/account-change" className={buttonClass('secondary')}>
        What to do if someone has your account
      </Link>
    </section>
  );
}
