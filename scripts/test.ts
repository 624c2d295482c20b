/**
 * `npm test`: every test, in order of cost. Starts the servers tests need
 * (PGlite, a throwaway PostgreSQL 15) and stops them afterwards.
 *
 *   1. typecheck
 *   2. unit tests (vitest)
 *   3. production build (the crash scenario and Playwright run the built app)
 *   4. database integration tests and reliability scenarios, on PGlite and again on PostgreSQL
 *   5. Playwright journeys in Debian's Chromium, desktop and 375 px phone
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPgliteServer } from './db/pglite-server';
import { buildIfStale } from './support/build';
import { freePort } from './support/ports';
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

// `--only reliability` (npm run test:reliability) runs just the reliability scenarios;
// `--only screenshots` (npm run docs:screenshots) the journeys that take the docs' screenshots.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const projects = only === 'reliability' ? ['reliability'] : ['integration', 'reliability'];

/** Free ports chosen now and handed to Playwright (and through it to the test server). */
async function playwright(title: string, args: string[], env: Record<string, string> = {}) {
  mkdirSync(path.join(root, '.data/e2e'), { recursive: true });
  const [app, database, smtp, inbox, bounce] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  await step(title, bin('playwright'), ['test', ...args], {
    E2E_PORT: String(app),
    E2E_DB_PORT: String(database),
    E2E_SMTP_PORT: String(smtp),
    E2E_INBOX_PORT: String(inbox),
    E2E_BOUNCE_PORT: String(bounce),
    ...env,
  });
}

async function main() {
  if (only === 'screenshots') {
    buildIfStale(root);
    await playwright('docs screenshots (Chromium)', ['e2e/user-guide.spec.ts', 'e2e/insights.spec.ts'], { DOCS_SCREENSHOTS: '1' });
    return;
  }
  if (only !== 'reliability') {
    await step('typecheck', bin('tsc'), ['--noEmit']);
    await step('unit tests', bin('vitest'), ['run', '--project', 'unit']);
  }

  console.log('\n━━ build');
  buildIfStale(root);

  const pglite = await startPgliteServer({});
  try {
    for (const project of projects) {
      // TEST_DATABASE_KIND leaves out the scenarios only PostgreSQL can run (vitest.config.mts).
      await step(`${project} tests on PGlite`, bin('vitest'), ['run', '--project', project], { TEST_DATABASE_URL: pglite.url, TEST_DATABASE_KIND: 'pglite' });
    }
  } finally {
    await pglite.stop();
  }

  const postgres = await startPostgres();
  try {
    for (const project of projects) {
      // TEST_DATABASE_KIND=postgres leaves out the scenarios run once, on PGlite (vitest.config.mts).
      await step(`${project} tests on PostgreSQL`, bin('vitest'), ['run', '--project', project], { TEST_DATABASE_URL: postgres.url, TEST_DATABASE_KIND: 'postgres' });
    }
  } finally {
    postgres.stop();
  }
  if (only === 'reliability') return;

  // Free ports, so a second run on the same machine never meets the first one's app or inbox.
  await playwright('Playwright journeys (Chromium)', []);

  console.log(`\n✓ all tests passed in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: Error) => {
  if (!process.exitCode) console.error(error);
  process.exitCode = 1;
});
