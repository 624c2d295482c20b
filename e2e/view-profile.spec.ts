import { expect, test } from './fixtures/test';
import { accounts } from './fixtures/test-app';

test.describe('UC01 view profile', () => {
  test.describe('with a verified e-mail', () => {
    test.use({ storageState: accounts.verified.state });

    test('[USER] sees name, mobile number, verified e-mail and "Update email" under More options', async ({ page }) => {
      await page.goto('/profile');
      await expect(page.getByRole('heading', { name: accounts.verified.displayName })).toBeVisible();
      await expect(page.getByText('+977 980-0000002')).toBeVisible();
      const email = page.getByTestId('email-status');
      await expect(email).toContainText(accounts.verified.email);
      await expect(email).toContainText('Verified');

      await page.getByRole('button', { name: 'More options' }).click();
      await expect(page.getByRole('menuitem')).toHaveText(['Update email']);
      await page.getByRole('menuitem', { name: 'Update email' }).click();
      await expect(page).toHaveURL(/\/profile\/email$/);
    });
  });

  test.describe('without an e-mail', () => {
    test.use({ storageState: accounts.noEmail.state });

    test('[USER] sees that no e-mail is added and "Add email" under More options', async ({ page }) => {
      await page.goto('/profile');
      await expect(page.getByRole('heading', { name: accounts.noEmail.displayName })).toBeVisible();
      await expect(page.getByTestId('email-status')).toContainText('No email added');
      // Said once: no badge beside it ("Not added" said it twice).
      await expect(page.getByTestId('email-status').locator('dd')).toHaveText('No email added');

      const more = page.getByRole('button', { name: 'More options' });
      await more.click();
      await expect(more).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByRole('menuitem', { name: 'Add email' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('menu')).toHaveCount(0);
      await expect(more).toBeFocused();
    });

    test('[USER] the profile fits a phone screen without sideways scrolling', async ({ page }) => {
      await page.goto('/profile');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
    });
  });
});
