import type { Metadata } from 'next';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { requireStaff } from '@/lib/auth/require-user';
import { db } from '@/lib/db';
import { reauthConfig } from '@/lib/email-change/service';
import { accountForSupport, findAccounts, type SupportAccount } from '@/lib/support';
import { AccountCard } from './account-card';

export const metadata: Metadata = { title: 'Support' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

/** Staff only: find a customer's account by what they can tell you, see what happened, and lift a lock-out. */
export default async function SupportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff();
  const params = await searchParams;
  const query = first(params.q).slice(0, 300);
  const unlocked = first(params.unlocked);
  const search = query.trim() ? await findAccounts(db(), query) : null;
  const now = new Date();
  const accounts = search?.ok
    ? (await Promise.all(search.userIds.map((id) => accountForSupport(db(), id, now, reauthConfig())))).filter((account): account is SupportAccount => account !== null)
    : [];

  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-bold text-slate-900">Support</h1>
        <form role="search" method="get" action="/support" className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <TextField
            className="grow"
            name="q"
            label="Mobile number or email"
            defaultValue={query}
            autoComplete="off"
            hint="The customer’s mobile number, their email, or the address they are trying to confirm."
            error={search && !search.ok ? 'Enter a mobile number like 98XXXXXXXX or an email address like name@example.com' : undefined}
          />
          <Button type="submit" className="sm:mt-7">
            Search
          </Button>
        </form>
      </section>

      {search?.ok && accounts.length === 0 && (
        <p aria-live="polite" className="rounded-2xl bg-white px-5 py-4 text-slate-700 shadow-sm ring-1 ring-slate-200">
          No account found for “{query.trim()}”.
        </p>
      )}
      {accounts.map((account) => (
        <AccountCard key={account.id} account={account} query={query} justUnlocked={unlocked === account.id} />
      ))}
    </div>
  );
}
