import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

// Scenarios only PostgreSQL can run, left out when scripts/test.ts runs them on PGlite:
// two app processes on one database (PGlite serves one session at a time), and query
// plans read through auto_explain (a PostgreSQL server module). One list in config:
// vitest's CLI honoured only one of two `--exclude` flags.
const postgresOnly = process.env.TEST_DATABASE_KIND === 'pglite' ? ['reliability/scale-out.reliability.test.ts', 'reliability/query-plans.reliability.test.ts'] : [];
// Scenarios of the dispatcher and the server, not of the database dialect: run once, on PGlite.
const onceOnPglite = process.env.TEST_DATABASE_KIND === 'postgres' ? ['reliability/smtp-outage.reliability.test.ts', 'reliability/tracing.reliability.test.ts'] : [];

// Unit tests run anywhere; integration tests need TEST_DATABASE_URL (scripts/test.ts
// runs them once against PGlite and once against PostgreSQL 15).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'emails/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**', '.stryker-tmp/**'],
          testTimeout: 20_000,
          // scripts/db/pglite-server.test.ts starts PGlite (WebAssembly) in beforeAll: on a busy
          // 2-core machine that took over vitest's default 10 s once in a clean-clone run.
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['node_modules/**', 'reliability/**', '.stryker-tmp/**'],
          globalSetup: ['lib/test-support/integration-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One database shared by every file; each test makes its own accounts.
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'reliability',
          include: ['reliability/**/*.reliability.test.ts'],
          exclude: ['node_modules/**', '.stryker-tmp/**', ...postgresOnly, ...onceOnPglite],
          globalSetup: ['lib/test-support/integration-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
