// Mutation testing (`npm run test:mutation`, not part of `npm test`: it runs the suite
// once per mutant). The domain folders are mutated; the unit and integration tests
// run against an in-process PGlite database (lib/test-support/integration-setup.ts).
// Wiring modules that only connect Next.js, next-auth and lib/env to the domain are
// left out: they have no logic of their own to mutate, and the e2e suite covers them.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts', related: false },
  mutate: [
    'lib/email-change/**/*.ts',
    'lib/auth/**/*.ts',
    'lib/jobs/**/*.ts',
    '!**/*.test.ts',
    '!**/*.d.ts',
    '!lib/auth/index.ts',
    '!lib/auth/config.ts',
    '!lib/auth/require-user.ts',
    '!lib/auth/request-path.ts',
    '!lib/email-change/service.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  ignorePatterns: ['.next', '.data', 'reports', 'playwright-report', 'test-results', 'bench/results', 'coverage', 'e2e', 'reliability'],
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
};
