import { randomInt } from 'node:crypto';
import { createDb, type Db } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';

export function testDb(): Db {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return createDb(url, 4);
}

/** A mobile number no other test uses (the seed's numbers start 98000). */
export function uniqueMobileNumber(): string {
  return `97${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

let hash: Promise<string> | undefined;

export async function createTestUser(db: Db, data: { password?: string; email?: string } = {}) {
  const passwordHash = data.password ? await hashPassword(data.password) : await (hash ??= hashPassword('Test@12345'));
  return db.user.create({
    data: {
      mobileNumber: uniqueMobileNumber(),
      displayName: 'Test User',
      passwordHash,
      email: data.email ?? null,
      emailVerifiedAt: data.email ? new Date() : null,
    },
  });
}
