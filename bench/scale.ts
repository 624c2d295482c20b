/**
 * `npm run bench -- --accounts N` (issue 18): a realistic history seeded in the
 * database itself (INSERT … SELECT over generate_series, in chunks: no row crosses
 * the network), and the support search measured through the real code, with the
 * plans of the query it runs and of the OR it replaced.
 *
 * Per seeded account: one past change request (1 % still pending, to a "pending…"
 * address), its two e-mails (the link and the notice), five audit events spread over
 * a year; a verified address for 70 %; a passkey for 10 %; a session for 20 % (half
 * ended). At 1M accounts: 1M requests, 2M outbox rows, 5M audit events.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { hashPassword } from '@/lib/auth/password';
import { accountsByAddressSql, findAccounts } from '@/lib/support';

const chunk = 100_000;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Seeded account g: its id, number and addresses, computed the same way in every statement. */
const userId = (g: string) => `md5('seed-user-' || ${g})::uuid`;
export const seededEmail = (g: number) => `user${g}@seed.example`;
export const seededPending = (g: number) => `pending${g}@seed.example`;
export const seededMobile = (g: number) => `96${String(g).padStart(8, '0')}`;

/** Seeds accounts [from, to) with their history. */
export async function seedHistory(db: Db, from: number, to: number, say: (line: string) => void) {
  const passwordHash = await hashPassword('Seeded@Password1');
  const started = performance.now();
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk) - 1;
    const series = Prisma.sql`generate_series(${start}::int, ${end}::int) AS g`;
    const age = Prisma.raw(`(now() - ((g % 365) * interval '1 day') - ((g % 86400) * interval '1 second'))`);
    // One statement per table, each its own transaction (a seed needs no atomicity, and a
    // 100,000-account chunk outlasts an interactive transaction's timeout).
    for (const statement of [
      db.$executeRaw`
        INSERT INTO users (id, mobile_number, display_name, password_hash, email, email_verified_at, created_at, updated_at)
        SELECT ${Prisma.raw(userId('g'))}, '96' || lpad(g::text, 8, '0'), 'Seeded ' || g, ${passwordHash},
          CASE WHEN g % 10 < 7 THEN 'user' || g || '@seed.example' END, CASE WHEN g % 10 < 7 THEN ${age} END, ${age}, now()
        FROM ${series}`,
      db.$executeRaw`
        INSERT INTO email_change_requests (id, user_id, new_email, token_hash, status, idempotency_key, expires_at, consumed_at, ip, user_agent, created_at)
        SELECT md5('seed-request-' || g)::uuid, ${Prisma.raw(userId('g'))},
          CASE WHEN g % 100 = 0 THEN 'pending' || g || '@seed.example' WHEN g % 10 < 7 THEN 'user' || g || '@seed.example' ELSE 'old' || g || '@seed.example' END,
          'seed-token-' || g,
          (CASE WHEN g % 100 = 0 THEN 'PENDING' WHEN g % 10 < 7 THEN 'VERIFIED' WHEN g % 10 = 7 THEN 'SUPERSEDED' ELSE 'CANCELLED' END)::"EmailChangeStatus",
          md5('seed-key-' || g),
          CASE WHEN g % 100 = 0 THEN now() + interval '1 day' ELSE ${age} + interval '1 day' END,
          CASE WHEN g % 100 <> 0 AND g % 10 < 7 THEN ${age} + interval '10 minutes' END,
          '10.0.0.1', 'seed',
          CASE WHEN g % 100 = 0 THEN now() ELSE ${age} END
        FROM ${series}`,
      db.$executeRaw`
        INSERT INTO outbox_messages (id, kind, recipient, payload, status, attempts, next_attempt_at, sent_at, request_id, created_at)
        SELECT md5('seed-outbox-' || g || '-' || k)::uuid, CASE k WHEN 0 THEN 'verify-email' ELSE 'email-changed' END,
          'user' || g || '@seed.example', '{}'::jsonb,
          (CASE WHEN g % 97 = 0 THEN 'FAILED' ELSE 'SENT' END)::"OutboxStatus", 1, ${age}, ${age}, md5('seed-request-' || g)::uuid, ${age} + k * interval '10 minutes'
        FROM ${series}, generate_series(0, 1) AS k`,
      db.$executeRaw`
        INSERT INTO audit_events (id, user_id, type, actor, detail, created_at)
        SELECT md5('seed-audit-' || g || '-' || k)::uuid, ${Prisma.raw(userId('g'))},
          (ARRAY['auth.signed_in', 'email.requested', 'email.sent', 'email.verified', 'email.changed'])[k + 1],
          'user:' || ${Prisma.raw(userId('g'))}, '{}'::jsonb, ${age} + k * interval '1 minute'
        FROM ${series}, generate_series(0, 4) AS k`,
      db.$executeRaw`
        INSERT INTO passkeys (id, user_id, name, public_key, counter, transports, backed_up, created_at)
        SELECT 'seed-passkey-' || g, ${Prisma.raw(userId('g'))}, 'Phone', '\\x00'::bytea, 0, ARRAY['internal'], false, ${age}
        FROM ${series} WHERE g % 10 = 0`,
      db.$executeRaw`
        INSERT INTO sessions (id, user_id, kind, device, ip, created_at, last_seen_at, expires_at, ended_at, end_reason)
        SELECT md5('seed-session-' || g)::uuid, ${Prisma.raw(userId('g'))}, 'WEB', 'Chrome on Android', '10.0.0.1',
          now() - interval '1 hour', now() - interval '5 minutes', now() + interval '11 hours',
          CASE WHEN g % 10 = 5 THEN now() - interval '30 minutes' END, CASE WHEN g % 10 = 5 THEN 'signed_out' END
        FROM ${series} WHERE g % 5 = 0`,
    ]) {
      await statement;
    }
    say(`  seeded accounts ${start.toLocaleString('en')}–${end.toLocaleString('en')} (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  // What a bulk load leaves behind (dirty pages to write, tables autovacuum wants to visit)
  // is done before anything is measured, so a request's CPU is its own.
  const vacuumStarted = performance.now();
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  await db.$executeRawUnsafe('CHECKPOINT');
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
  for (let waited = 0; waited < 300; waited += 1) {
    const [busy] = await db.$queryRaw<{ workers: bigint }[]>`SELECT count(*) AS workers FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`;
    if (Number(busy?.workers ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { seconds: (performance.now() - started) / 1000, vacuumSeconds };
}

/** Table sizes, for the report. */
export async function rowCounts(db: Db) {
  const rows = await db.$queryRaw<{ table: string; rows: bigint }[]>`
    SELECT relname AS table, n_live_tup AS rows FROM pg_stat_user_tables
    WHERE relname IN ('users', 'email_change_requests', 'outbox_messages', 'audit_events', 'passkeys', 'sessions') ORDER BY relname`;
  return Object.fromEntries(rows.map((row) => [row.table, Number(row.rows)]));
}

/**
 * The support search through lib/support.ts, `searches` times over a mix of what callers
 * give: a verified address, an address being confirmed, an unknown one, a mobile number.
 * Also the search's plan and, for comparison, the plan of the OR it replaced.
 */
export async function measureSearch(db: Db, accounts: number, searches = 2_000) {
  const queries = Array.from({ length: searches }, (_, n) => {
    const g = Math.floor(((n * 7919) % 1_000_003) / 1_000_003 * accounts);
    switch (n % 4) {
      case 0: return seededEmail(g - (g % 10));
      case 1: return seededPending(g - (g % 100));
      case 2: return `nobody${n}@seed.example`;
      default: return seededMobile(g);
    }
  });
  const times: number[] = [];
  let found = 0;
  for (const query of queries) {
    const start = performance.now();
    const result = await findAccounts(db, query);
    times.push(performance.now() - start);
    if (result.ok && result.userIds.length > 0) found += 1;
  }
  times.sort((a, b) => a - b);
  const explain = async (sql: Prisma.Sql) => (await db.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`)).map((row) => row['QUERY PLAN']).join('\n');
  const pendingAddress = seededPending(Math.floor(accounts / 200) * 100);
  const replacedOr = Prisma.sql`
    SELECT id FROM users WHERE email = ${pendingAddress}::citext
      OR EXISTS (SELECT 1 FROM email_change_requests t0 WHERE t0.new_email = ${pendingAddress}::citext AND t0.status = 'PENDING' AND t0.user_id = users.id)
    ORDER BY created_at LIMIT 10`;
  return {
    searches,
    found,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    plan: await explain(accountsByAddressSql(pendingAddress)),
    replacedPlan: await explain(replacedOr),
  };
}
