import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

// For `npm run test:mutation` (stryker.config.mjs): the unit and integration tests in one
// run, on an in-process PGlite the setup starts when no TEST_DATABASE_URL is given.
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'emails/**/*.test.ts', '**/*.integration.test.ts'],
    exclude: ['node_modules/**', 'reliability/**', '.stryker-tmp/**'],
    globalSetup: ['lib/test-support/integration-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
