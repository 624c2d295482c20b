import { expect, test } from './fixtures/test';
import { createAccount, reauthWithPassword, signInAs, startEmailChange, uniqueAddress } from './fixtures/accounts';
import { waitForMessage } from './fixtures/inbox';

test.describe('support console', () => {
  test('[STAFF] finds a locked-out customer, sees why, and unlocks them; the customer can go on at once', async ({ page, browser }) => {
    const customer = await createAccount({ displayName: 'Sita Rai' });
    const address = uniqueAddress('sita');
    await signInAs(page, customer);
    await startEmailChange(page, address);
    for (let attempt = 0; attempt < 5; attempt += 1) await reauthWithPassword(page, 'wrong-password');
    await expect(page.getByText(/email changes are locked until/)).toBeVisible();

    const desk = await (await browser.newContext()).newPage();
    await signInAs(desk, await createAccount({ displayName: 'Support Desk', role: 'STAFF' }), '/support');
    // Typed the way a caller reads it out.
    await desk.getByLabel('Mobile number or email').fill(`+977 ${customer.mobileNumber.slice(0, 3)} ${customer.mobileNumber.slice(3)}`);
    await desk.getByRole('button', { name: 'Search' }).click();

    const card = desk.getByRole('article', { name: 'Sita Rai' });
    await expect(card.getByText(/Locked until \d{2}:\d{2} NPT after too many wrong attempts/)).toBeVisible();
    const activity = card.getByTestId('activity');
    await expect(activity.filter({ hasText: 'Wrong password' })).toHaveCount(5);
    await expect(activity.filter({ hasText: 'Email changes locked' })).toContainText('System');
    await expect(activity.filter({ hasText: 'Wrong password' }).first()).toContainText('Account holder');

    await card.getByRole('button', { name: 'Unlock' }).click();
    await expect(card.getByText('Unlocked. Sita Rai can confirm it’s them')).toBeVisible();
    await expect(card.getByText('Not locked')).toBeVisible();
    await expect(activity.first()).toContainText('Unlocked by support');
    await expect(activity.first()).toContainText('Support');

    // The customer asks again, confirms with the right password and gets the link.
    await startEmailChange(page, address);
    await reauthWithPassword(page);
    await expect(page.getByTestId('link-sent')).toBeVisible();
    await waitForMessage(address, /Confirm your email address/);

    await desk.reload();
    await expect(card.getByText(address).first()).toBeVisible();
    await expect(card.getByText('Confirmation link')).toBeVisible();
  });

  test('[STAFF] a malformed search says what to type and keeps it; an unknown number finds nothing', async ({ page }) => {
    await signInAs(page, await createAccount({ role: 'STAFF' }), '/support');
    const field = page.getByLabel('Mobile number or email');
    await field.fill('sita at example');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('Enter a mobile number like 98XXXXXXXX or an email address')).toBeVisible();
    await expect(field).toHaveValue('sita at example');
    await expect(field).toHaveAttribute('aria-invalid', 'true');

    await field.fill('9699999999');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('No account found for “9699999999”.')).toBeVisible();
  });

  test('[USER] a customer who opens /support is sent to their profile', async ({ page }) => {
    await signInAs(page, await createAccount());
    await page.goto('/support');
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('link', { name: 'Support console' })).toHaveCount(0);
  });

  test('[VISITOR] is sent to sign-in and back to /support', async ({ page }) => {
    await page.goto('/support');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsupport$/);
  });
});
