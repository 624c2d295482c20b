/**
 * Mobile numbers for test accounts, unique by construction: each comes from a
 * database sequence, so no two accounts in one database can draw the same number,
 * whichever process or test file asks (a random number clashed in a few runs in a
 * hundred once a database held thousands of test accounts). 97 + eight digits; the
 * seed's demo accounts are 98000000xx.
 */
import type { Db } from '@/lib/db';

export const mobileNumberSequence = 'test_mobile_numbers';
export const createMobileNumberSequence = `CREATE SEQUENCE IF NOT EXISTS ${mobileNumberSequence}`;
export const asMobileNumber = (n: number | bigint | string) => `97${String(n).padStart(8, '0')}`;

const prepared = new WeakMap<Db, Promise<unknown>>();

/** `count` numbers no account in this database has, or ever will be given by another caller. */
export async function reserveMobileNumbers(db: Db, count: number): Promise<string[]> {
  if (!prepared.has(db)) prepared.set(db, db.$executeRawUnsafe(createMobileNumberSequence));
  await prepared.get(db);
  const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT nextval(${mobileNumberSequence}::regclass) AS n FROM generate_series(1, ${count}::int)`;
  return rows.map((row) => asMobileNumber(row.n));
}
