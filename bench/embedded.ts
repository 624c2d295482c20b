/**
 * `npx tsx bench/embedded.ts --accounts N`: the embedded default (PGlite, as `npm start`
 * runs it) after seeding N accounts' history (bench/scale.ts) into a data folder of its
 * own (never .data/): the folder's size, and how long the database takes to open it,
 * check the migrations and answer the support search, as `npm start` does before the
 * app starts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createDb } from '@/lib/db';
import { findAccounts } from '@/lib/support';
import { applyMigrations } from '@/scripts/db/migrations';
import { startPgliteServer } from '@/scripts/db/pglite-server';
import { seedHistory, seededPending } from './scale';

const { values: args } = parseArgs({ options: { accounts: { type: 'string', default: '100000' } } });
const accounts = Number(args.accounts);
const say = (line: string) => console.log(`[embedded] ${line}`);
const folderMb = (folder: string) => Math.round(Number(execFileSync('du', ['-sk', folder]).toString().split('\t')[0]) / 1024);

async function main() {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'wallet-pglite-')), 'pglite');
  try {
    let database = await startPgliteServer({ dataDir });
    await applyMigrations(database.url);
    let db = createDb(database.url, 1);
    say(`seeding ${accounts.toLocaleString('en')} accounts into ${dataDir}…`);
    const seed = await seedHistory(db, 0, accounts, say);
    await db.$disconnect();
    await database.stop();
    const size = folderMb(dataDir);

    const opened = performance.now();
    database = await startPgliteServer({ dataDir });
    const ready = performance.now();
    await applyMigrations(database.url);
    db = createDb(database.url, 1);
    const search = performance.now();
    const found = await findAccounts(db, seededPending(Math.floor(accounts / 200) * 100));
    const searched = performance.now();
    await db.$disconnect();
    await database.stop();
    say(
      `${accounts.toLocaleString('en')} accounts: seeded in ${seed.seconds.toFixed(0)} s; data folder ${size.toLocaleString('en')} MB; ` +
        `opened in ${((ready - opened) / 1000).toFixed(1)} s, migrations checked by ${((search - opened) / 1000).toFixed(1)} s, ` +
        `first support search ${(searched - search).toFixed(1)} ms (${found.ok ? found.userIds.length : 0} found)`,
    );
  } finally {
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`[embedded] failed: ${error.stack ?? error.message}`);
  process.exitCode = 1;
});
