import { defineConfig, devices } from '@playwright/test';
import { testApp } from './e2e/fixtures/test-app';

// Playwright's own browser download is unavailable here: use Debian's Chromium.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  // One worker: the app, its database, the inbox and Chromium already share two cores.
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: testApp.url,
    launchOptions: chromium,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
      // The user guide's screenshots are a phone's, as its readers see the app.
      testIgnore: /user-guide\.spec\.ts/,
      dependencies: ['setup'],
    },
    {
      name: 'phone',
      // A 375 px wide phone, as most wallet users see the app.
      use: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, launchOptions: chromium },
      // HTTP-only specs have no screen to check on a phone.
      testIgnore: /(inngest-serve|api-contract|postman)\.spec\.ts/,
      dependencies: ['setup'],
    },
  ],
  webServer: {
    command: `npx tsx scripts/start.ts --test --port ${testApp.port} --db-port ${testApp.dbPort} --smtp-port ${testApp.smtpPort} --inbox-port ${testApp.inboxPort} --bounce-port ${testApp.bouncePort}`,
    url: `${testApp.url}/sign-in`,
    env: { INNGEST_SIGNING_KEY: testApp.inngestSigningKey, BOUNCE_WEBHOOK_SECRET: testApp.bounceWebhookSecret, METRICS_TOKEN: testApp.metricsToken },
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
