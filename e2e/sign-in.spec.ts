import { expect, test } from './fixtures/test';
import { signIn } from './fixtures/sign-in';
import { accounts } from './fixtures/test-app';

test.describe('sign-in', () => {
  test('[USER] signs in with mobile number and password and lands on the profile', async ({ page }) => {
    await page.goto('/sign-in');
    // People type the country code and separators; the app accepts them.
    await signIn(page, '+977 980-0000003');
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('heading', { name: accounts.spare.displayName })).toBeVisible();
  });

  test('[VISITOR] sees the wallet’s mark once, on a phone as on a desktop', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
    // One mark for the purple band (phones) and one for the white card (desktops): exactly one shows.
    await expect(page.locator('header').getByText('Wallet', { exact: true }).filter({ visible: true })).toHaveCount(1);
  });

  test('[USER] with a wrong password sees one message that does not say which field was wrong', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, accounts.spare.mobileNumber, 'not-my-password');
    const alert = page.getByTestId('form-alert');
    await expect(alert).toHaveText('That mobile number and password do not match. Check both and try again.');
    await expect(page).toHaveURL(/\/sign-in/);
    // What was typed is still there, and an unknown number gets the very same message.
    await expect(page.getByLabel('Mobile number')).toHaveValue(accounts.spare.mobileNumber);
    await page.getByLabel('Mobile number').fill('9811111111');
    await page.getByLabel('Password').fill('whatever');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText('That mobile number and password do not match. Check both and try again.');
  });

  test('[USER] sees field errors before anything is sent', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Mobile number').fill('12345');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Mobile number')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Enter a 10-digit mobile number, like 98XXXXXXXX')).toBeVisible();
    await expect(page.getByText('Enter your password')).toBeVisible();
  });

  test('[VISITOR] is sent to sign-in from a signed-in page and comes back to it afterwards', async ({ page }) => {
    await page.goto('/profile/email');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fprofile%2Femail$/);
    await signIn(page, accounts.spare.mobileNumber);
    await expect(page).toHaveURL(/\/profile\/email$/);
  });

  test('[USER] signs out and can no longer open the profile', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page, accounts.spare.mobileNumber);
    await expect(page).toHaveURL(/\/profile$/);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('[VISITOR] cannot be sent to another site after sign-in', async ({ page }) => {
    await page.goto('/sign-in?callbackUrl=https%3A%2F%2Fevil.example%2F');
    await signIn(page, accounts.spare.mobileNumber);
    await expect(page).toHaveURL(/localhost:\d+\/profile$/);
  });
});
