import { readFileSync } from 'node:fs';
import path from 'node:path';
import newman, { type NewmanRunSummary } from 'newman';
import { expect, test } from './fixtures/test';
import { createAccount } from './fixtures/accounts';
import { password, testApp } from './fixtures/test-app';

const collection = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../docs/wallet-email.postman_collection.json'), 'utf8'));

test('[API] the Postman collection runs top to bottom in newman against the app and its inbox', async () => {
  const account = await createAccount();
  const summary = await new Promise<NewmanRunSummary>((resolve, reject) =>
    newman.run(
      {
        collection,
        reporters: [],
        envVar: [
          { key: 'baseUrl', value: testApp.url },
          { key: 'inboxUrl', value: testApp.inboxUrl },
          { key: 'mobileNumber', value: account.mobileNumber },
          { key: 'password', value: password },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  const failures = summary.run.failures.map((failure) => `${failure.source?.name}: ${failure.error.message}`);
  expect(failures).toEqual([]);
  const { requests, assertions } = summary.run.stats;
  console.log(`[newman] ${requests.total} requests, ${assertions.total} assertions, ${assertions.failed} failed`);
  expect(requests.failed).toBe(0);
  expect(assertions.total).toBeGreaterThanOrEqual(25);
  expect(requests.total).toBeGreaterThanOrEqual(10);
});
