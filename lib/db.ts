import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';

export type Db = PrismaClient;

// The pool under each client, for sqlRows. On globalThis, like the client itself: Next
// bundles this module into more than one chunk, and each copy would have a map of its own.
const globalForPools = globalThis as unknown as { walletDbPools?: WeakMap<Db, pg.Pool> };
const pools = (globalForPools.walletDbPools ??= new WeakMap());

/**
 * A Prisma client over PostgreSQL — a real server in production, PGlite's socket on the
 * embedded default — on a pg pool of our own (a URL), or on the one given (a pool with
 * settings of its own, as the query-plan test's).
 */
export function createDb(source: string | pg.Pool, poolSize = 10): Db {
  // A pool made here is ours to end with the client; a pool given stays its owner's.
  const owned = typeof source === 'string';
  const pool = owned ? new pg.Pool({ connectionString: source, max: poolSize }) : source;
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: owned }),
    // Under a burst, a transaction waits for a connection instead of failing after
    // Prisma's default 2 s: PGlite runs one transaction at a time, and 50 accounts
    // confirming at once queued longer than that (reliability/address-race).
    transactionOptions: { maxWait: 15_000, timeout: 15_000 },
  });
  pools.set(client, pool);
  return client;
}

// One client per server process; kept on globalThis so `next dev` reloads reuse it.
const globalForDb = globalThis as unknown as { walletDb?: Db };

export function db(): Db {
  globalForDb.walletDb ??= createDb(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
  return globalForDb.walletDb;
}

const tracer = trace.getTracer('wallet-email/db');

/**
 * One statement, sent on the client's pool without going through Prisma: for the calls
 * every request makes (the session lookup and the hot paths' database functions).
 * Measured on one connection, Prisma's raw-query pipeline cost 0.15–0.2 ms of the app's
 * CPU and 0.05–0.1 ms of the database's more than pg alone for the same call, about a
 * tenth of an e-mail change (issue 15). The statement is still built with Prisma.sql,
 * so its values travel as parameters; pg parses the columns (timestamptz as Date, json
 * and jsonb as objects). Not for a statement inside a Prisma transaction: it would run
 * on another connection. Traced like Prisma's statements, under the request's span.
 */
export async function sqlRows<T>(db: Db, name: string, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) throw new Error('sqlRows needs a client made by createDb');
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': query.text } });
  try {
    return (await pool.query(query.text, query.values)).rows as T[];
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
