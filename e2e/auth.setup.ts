import { test as setup } from '@playwright/test';
import { signInFromScratch } from './fixtures/sign-in';
import { accounts } from './fixtures/test-app';

// Sign each demo account in once; journeys start from the saved session.
for (const account of Object.values(accounts)) {
  setup(`sign in ${account.mobileNumber}`, async ({ page }) => {
    await signInFromScratch(page, account.mobileNumber);
    await page.context().storageState({ path: account.state });
  });
}
