/**
 * What one statement costs through Prisma's raw-query pipeline and through `sqlRows`
 * (lib/db.ts: the same statement on the pg pool under Prisma's client), for the calls
 * every request makes: `npx tsx bench/statements.ts` (about 30 seconds).
 *
 * One connection, this process and a throwaway PostgreSQL 15 with durable commits both
 * pinned to core 0, 5,000 calls per run, the two ways interleaved in 4 rounds; each row
 * is the median of the rounds, in CPU milliseconds per call: this process's (user and
 * system) and PostgreSQL's (every postgres process, from /proc). Printed, not recorded:
 * the README quotes it beside the request benchmark (`npm run bench`).
 */
import { execFileSync } from 'node:child_process';
import { Prisma } from '@/lib/generated/prisma/client';
import { createDb, sqlRows, type Db } from '@/lib/db';
import { sessionTokenHash } from '@/lib/auth/sessions';
import { createApiAccounts } from '@/lib/test-support/api-accounts';
import { applyMigrations } from '@/scripts/db/migrations';
import { startPostgres } from '@/scripts/support/postgres';
import { cpuSnapshot } from './load';

const calls = 5_000;
const rounds = 4;
const core = '0';

async function main() {
  execFileSync('taskset', ['-pc', core, String(process.pid)], { stdio: 'ignore' });
  const database = await startPostgres({ durable: true, cpus: core });
  let db: Db | undefined;
  try {
    await applyMigrations(database.url);
    db = createDb(database.url, 1);
    const accounts = await createApiAccounts(db, calls);
    const hashes = accounts.map((account) => sessionTokenHash(account.bearer));
    const minuteAgo = () => new Date(Date.now() - 60_000);
    // The session lookup as findSession sends it, and a hot path's call that changes nothing (a link that matches no request).
    const lookup = (i: number) => Prisma.sql`SELECT * FROM wallet_find_session(${hashes[i % hashes.length]}, ${null}::uuid, ${null}::uuid,
      ${new Date()}::timestamptz, ${new Date(Date.now() - 1_800_000)}::timestamptz, ${minuteAgo()}::timestamptz)`;
    const confirm = (i: number) => Prisma.sql`SELECT wallet_confirm_email_change(${`no-such-link-${i}`}, ${accounts[i % accounts.length]!.userId}::uuid, ${null}::uuid,
      ${new Date()}::timestamptz, ${'192.0.2.1'}, ${'bench'}, ${'unused'}, ${new Date()}::timestamptz, ${'{}'}::jsonb) AS result`;
    const client = db;
    const ways = {
      'session lookup, $queryRaw': (i: number) => client.$queryRaw(lookup(i)),
      'session lookup, sqlRows': (i: number) => sqlRows(client, 'lookup', lookup(i)),
      'confirm call, $queryRaw': (i: number) => client.$queryRaw(confirm(i)),
      'confirm call, sqlRows': (i: number) => sqlRows(client, 'confirm', confirm(i)),
    };
    const meter = { appPid: process.pid, databaseProcess: 'postgres' };
    const seen: Record<string, { app: number; database: number }[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, call] of Object.entries(ways)) {
        for (let i = 0; i < 300; i++) await call(i);
        const before = cpuSnapshot(meter);
        for (let i = 0; i < calls; i++) await call(i);
        const after = cpuSnapshot(meter);
        (seen[name] ??= []).push({ app: (after.app - before.app) / calls, database: (after.database - before.database) / calls });
      }
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`| statement, way | app CPU ms/call | PostgreSQL CPU ms/call |\n|---|---:|---:|`);
    for (const [name, runs] of Object.entries(seen)) {
      console.log(`| ${name} | ${median(runs.map((run) => run.app)).toFixed(3)} | ${median(runs.map((run) => run.database)).toFixed(3)} |`);
    }
  } finally {
    await db?.$disconnect();
    database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
