/**
 * `npm test`: every test, in order of cost. Starts the servers tests need
 * (PGlite, a throwaway PostgreSQL 15) and stops them afterwards.
 *
 *   1. typecheck
 *   2. unit tests (vitest)
 *   3. database integration tests, on PGlite and again on PostgreSQL
 *   4. Playwright journeys in Debian's Chromium, desktop and 375 px phone
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPgliteServer } from './db/pglite-server';
import { buildIfStale } from './support/build';
import { startPostgres } from './support/postgres';

const root = path.resolve(import.meta.dirname, '..');
const bin = (tool: string) => path.join(root, 'node_modules/.bin', tool);
const started = Date.now();

// Asynchronous on purpose: the PGlite server lives in this process and must keep serving.
async function step(title: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n━━ ${title}`);
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) {
    console.error(`\n✗ ${title} failed`);
    process.exitCode = 1;
    throw new Error(title);
  }
}

async function main() {
  await step('typecheck', bin('tsc'), ['--noEmit']);
  await step('unit tests', bin('vitest'), ['run', '--project', 'unit']);

  const pglite = await startPgliteServer({});
  try {
    await step('integration tests on PGlite', bin('vitest'), ['run', '--project', 'integration'], { TEST_DATABASE_URL: pglite.url });
  } finally {
    await pglite.stop();
  }

  const postgres = await startPostgres();
  try {
    await step('integration tests on PostgreSQL', bin('vitest'), ['run', '--project', 'integration'], { TEST_DATABASE_URL: postgres.url });
  } finally {
    postgres.stop();
  }

  console.log('\n━━ build');
  buildIfStale(root);
  mkdirSync(path.join(root, '.data/e2e'), { recursive: true });
  await step('Playwright journeys (Chromium)', bin('playwright'), ['test']);

  console.log(`\n✓ all tests passed in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: Error) => {
  if (!process.exitCode) console.error(error);
  process.exitCode = 1;
});
