/**
 * Demo accounts, so anyone can sign in right after `npm start`. Idempotent: an
 * account that exists is left as it is (its e-mail may have been changed since).
 */
import type { Db } from '@/lib/db';
import type { Role } from '@/lib/generated/prisma/enums';
import { hashPassword } from '@/lib/auth/password';

export const demoPassword = 'Wallet@2026';

export const demoAccounts: { mobileNumber: string; displayName: string; email?: string; role?: Role }[] = [
  { mobileNumber: '9800000001', displayName: 'Aarav Shrestha' },
  { mobileNumber: '9800000002', displayName: 'Sita Sharma', email: 'sita.sharma@example.com' },
  { mobileNumber: '9800000003', displayName: 'Bikash Thapa' },
  { mobileNumber: '9800000009', displayName: 'Support Desk', role: 'STAFF' },
];

export async function seed(db: Db, now = new Date()) {
  const passwordHash = await hashPassword(demoPassword);
  let created = 0;
  for (const account of demoAccounts) {
    const exists = await db.user.findUnique({ where: { mobileNumber: account.mobileNumber }, select: { id: true } });
    if (exists) continue;
    await db.user.create({
      data: {
        mobileNumber: account.mobileNumber,
        displayName: account.displayName,
        passwordHash,
        email: account.email ?? null,
        emailVerifiedAt: account.email ? now : null,
        role: account.role ?? 'USER',
      },
    });
    created += 1;
  }
  return created;
}
