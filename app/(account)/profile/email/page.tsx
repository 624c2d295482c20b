import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { requireUser } from '@/lib/auth/require-user';

export const metadata: Metadata = { title: 'Email' };

// The add/update flow (re-authentication, verification link) replaces this page.
export default async function EmailPage() {
  const user = await requireUser();
  return (
    <section className="rounded-3xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-xl font-bold">{user.email ? 'Update email' : 'Add email'}</h1>
      <p className="mt-2 text-slate-600">Changing your email from the web is coming soon.</p>
      <Link href="/profile" className={buttonClass('secondary', 'mt-6')}>
        Back to profile
      </Link>
    </section>
  );
}
