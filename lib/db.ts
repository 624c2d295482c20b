import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';

export type Db = PrismaClient;

/** A Prisma client over PostgreSQL — a real server in production, PGlite's socket on the embedded default. */
export function createDb(url: string, poolSize = 10): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: poolSize }),
    // Under a burst, a transaction waits for a connection instead of failing after
    // Prisma's default 2 s: PGlite runs one transaction at a time, and 50 accounts
    // confirming at once queued longer than that (reliability/address-race).
    transactionOptions: { maxWait: 15_000, timeout: 15_000 },
  });
}

// One client per server process; kept on globalThis so `next dev` reloads reuse it.
const globalForDb = globalThis as unknown as { walletDb?: Db };

export function db(): Db {
  globalForDb.walletDb ??= createDb(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
  return globalForDb.walletDb;
}
