import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { createTestUser, testDb } from '@/lib/test-support/db';
import { applyMigrations } from '@/scripts/db/migrations';
import { demoAccounts, seed } from './seed';

describe('database schema', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  it('re-applying the migrations changes nothing', async () => {
    expect(await applyMigrations(process.env.TEST_DATABASE_URL!)).toEqual([]);
  });

  it('treats e-mail addresses that differ only in case as the same address', async () => {
    const address = `Case.${Date.now()}@Example.com`;
    const owner = await createTestUser(db, { email: address });
    expect((await db.user.findUnique({ where: { email: address.toLowerCase() } }))?.id).toBe(owner.id);

    const error = await createTestUser(db, { email: address.toUpperCase() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
  });

  it('allows any number of accounts without an e-mail', async () => {
    await createTestUser(db);
    await createTestUser(db);
    expect(await db.user.count({ where: { email: null } })).toBeGreaterThanOrEqual(2);
  });

  it('seeds the demo accounts once, and a second run adds nothing', async () => {
    await seed(db);
    expect(await seed(db)).toBe(0);
    const staff = await db.user.findUnique({ where: { mobileNumber: '9800000009' } });
    expect(staff?.role).toBe('STAFF');
    expect(await db.user.count({ where: { mobileNumber: { in: demoAccounts.map((a) => a.mobileNumber) } } })).toBe(
      demoAccounts.length,
    );
  });
});
