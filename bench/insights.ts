/**
 * `npx tsx bench/insights.ts [--events N]` (issue 17): what the Insights page's queries
 * cost on a big audit trail. PostgreSQL 15 gets N audit events (default 1,000,000) over
 * the past year in time order, as a live table receives them (the BRIN index on
 * created_at depends on that), a tenth of them confirmations with their change requests;
 * then lib/insights.ts runs over 7, 30, 90 and 366 days: wall time (median of 5, after a
 * warm-up) and each query's plan with its buffers, which do not depend on how busy the
 * machine is. Results go to bench/results/insights-<time>.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createDb } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { bounds, countsSql, insights, lastDays, verifyTimesSql } from '@/lib/insights';
import { applyMigrations } from '@/scripts/db/migrations';
import { startPostgres } from '@/scripts/support/postgres';
import { rowCounts, seedHistory } from './scale';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const events = Number(args.events);
const say = (line: string) => console.log(line);

// The journey each ten events stand for; a confirmation (index 6) points at its request.
const cycle = ['auth.signed_in', 'reauth.ok', 'email.requested', 'email.queued', 'email.sent', 'email.sent', 'email.verified', 'email.changed', 'auth.signed_out', 'reauth.failed'];
// Rare outcomes replace an event now and then, so every chart has something to count.
const rare = [
  [97, 'email.failed'],
  [193, 'email.expired'],
  [389, 'reauth.locked'],
  [769, 'email.bounced'],
  [1543, 'recovery.undone'],
] as const;

async function main() {
  const database = await startPostgres({ durable: true });
  const db = createDb(database.url, 4);
  try {
    await applyMigrations(database.url);
    // 1,000 accounts to own the requests (the scale benchmark's seed, history included).
    await seedHistory(db, 0, 1_000, () => {});
    const started = performance.now();
    const perRun = 200_000;
    const now = Date.now();
    const span = 365 * 86_400_000;
    for (let from = 0; from < events; from += perRun) {
      const to = Math.min(events, from + perRun) - 1;
      const at = Prisma.raw(`(to_timestamp(${(now - span) / 1000}) + (i::float8 / ${events}) * interval '365 days')`);
      const type = Prisma.raw(
        `CASE ${rare.map(([every, name]) => `WHEN i % ${every} = 0 THEN '${name}'`).join(' ')} ELSE (ARRAY[${cycle.map((name) => `'${name}'`).join(', ')}])[i % 10 + 1] END`,
      );
      await db.$executeRaw`
        INSERT INTO email_change_requests (id, user_id, new_email, token_hash, status, idempotency_key, expires_at, consumed_at, ip, user_agent, created_at)
        SELECT md5('insights-request-' || i)::uuid, md5('seed-user-' || (i / 10) % 1000)::uuid, 'insights' || i || '@seed.example', 'insights-token-' || i,
          'VERIFIED', md5('insights-key-' || i), ${at}, ${at}, '10.0.0.1', 'seed', ${at} - ((i % 3600) + 30) * interval '1 second'
        FROM generate_series(${from}::int, ${to}::int) AS i WHERE i % 10 = 6`;
      await db.$executeRaw`
        INSERT INTO audit_events (id, user_id, type, actor, detail, created_at)
        SELECT md5('insights-audit-' || i)::uuid, md5('seed-user-' || (i / 10) % 1000)::uuid, ${type}, 'system',
          CASE WHEN i % 10 = 6 THEN jsonb_build_object('requestId', md5('insights-request-' || i)::uuid)
               WHEN i % 10 = 4 THEN '{"kind": "verify-email"}'::jsonb WHEN i % 10 = 5 THEN '{"kind": "email-changed"}'::jsonb ELSE '{}'::jsonb END,
          ${at}
        FROM generate_series(${from}::int, ${to}::int) AS i ORDER BY i`;
      say(`  ${(to + 1).toLocaleString('en')} events (${Math.round((performance.now() - started) / 1000)} s)`);
    }
    await db.$executeRawUnsafe('VACUUM ANALYZE');
    const tables = await rowCounts(db);
    say(`tables: ${JSON.stringify(tables)}`);

    const explain = async (sql: Prisma.Sql) => (await db.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`)).map((row) => row['QUERY PLAN']).join('\n');
    const results = [];
    for (const days of [7, 30, 90, 366]) {
      const range = lastDays(days, new Date());
      await insights(db, range);
      const times: number[] = [];
      for (let run = 0; run < 5; run += 1) {
        const start = performance.now();
        await insights(db, range);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const { start, end } = bounds(range);
      const [countsPlan, timesPlan] = [await explain(countsSql(start, end)), await explain(verifyTimesSql(start, end))];
      const [inRange] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events WHERE created_at >= ${start} AND created_at < ${end}`;
      const summary = (plan: string) => ({
        executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1]),
        buffers: /Buffers: (.*)/.exec(plan)?.[1] ?? '',
        scan: /(Bitmap Index Scan on \w+|Index Scan using \w+|Seq Scan on \w+)/.exec(plan)?.[1] ?? '',
      });
      const result = { days, eventsInRange: inRange?.n ?? 0, medianMs: times[2]!, counts: summary(countsPlan), timeToVerify: summary(timesPlan), countsPlan, timesPlan };
      results.push(result);
      say(`${days} days: ${result.eventsInRange.toLocaleString('en')} events in range; page's queries ${result.medianMs.toFixed(1)} ms (median of 5); counts ${result.counts.executionMs} ms [${result.counts.scan}; ${result.counts.buffers}]; time to verify ${result.timeToVerify.executionMs} ms [${result.timeToVerify.buffers}]`);
    }
    const file = path.join(import.meta.dirname, 'results', `insights-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ events, tables, seedSeconds: (performance.now() - started) / 1000, results }, null, 2)}\n`);
    say(`written ${path.relative(process.cwd(), file)}`);
  } finally {
    await db.$disconnect();
    database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
