import { expect, test } from './fixtures/test';
import { createAccount, requestLink, signInAs, sql, uniqueAddress } from './fixtures/accounts';
import { verificationLink, waitForMessage } from './fixtures/inbox';
import { password } from './fixtures/test-app';
import { expectAccessible } from './fixtures/axe';

test.describe('UC06 expired link', () => {
  test('[USER] opening an expired link is told so, sends a new link, and the new link works', async ({ page }) => {
    const account = await createAccount();
    const address = uniqueAddress('late');
    await signInAs(page, account);
    const first = await requestLink(page, address);

    // Expire it through the database instead of waiting 24 hours.
    await sql().query(`UPDATE email_change_requests SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [account.id]);
    // ...and lift the resend cooldown the first request started.
    await sql().query(`DELETE FROM rate_limits WHERE key = $1`, [`email_cooldown:${account.id}`]);

    // The profile no longer calls it pending.
    await page.goto('/profile');
    await expect(page.getByTestId('pending-email')).toContainText('Expired');
    await expect(page.getByTestId('pending-email')).not.toContainText('Pending');

    await page.goto(first);
    await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await expect(page).toHaveURL(/\/profile\?resent=1$/);

    const second = verificationLink(await waitForMessage(address, /Confirm your email address/, 2));
    expect(second).not.toBe(first);
    await page.goto(second);
    await page.getByRole('button', { name: 'Confirm email' }).click();
    await expect(page.getByTestId('email-status')).toContainText(address);

    await page.goto(first);
    // The old link was replaced by the new one; the resend's cooldown shows before anyone presses.
    await expect(page.getByRole('heading', { name: 'A newer link was sent' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Send a new link in \d+s$/ })).toBeDisabled();
    expect(await page.locator('[data-outcome]').innerText()).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  test('[VISITOR] a signed-out visitor signs in first and comes back to the link', async ({ page, browser }) => {
    const account = await createAccount();
    const address = uniqueAddress('away');
    await signInAs(page, account);
    const link = await requestLink(page, address);

    const fresh = await browser.newContext();
    const visitor = await fresh.newPage();
    await visitor.goto(link);
    await expect(visitor).toHaveURL(/\/sign-in\?callbackUrl=%2Fverify-email%3Ftoken%3D/);
    await visitor.getByLabel('Mobile number').fill(account.mobileNumber);
    await visitor.getByLabel('Password').fill(password);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await expect(visitor.getByRole('button', { name: 'Confirm email' })).toBeVisible();
    await fresh.close();
  });

  test('[USER] a made-up or another account’s link says it is not valid, and confirming it changes nothing', async ({ page, browser }) => {
    // A real link, delivered to another account's new address.
    const owner = await createAccount();
    const ownerAddress = uniqueAddress('theirs');
    const ownerContext = await browser.newContext();
    const ownerPage = await ownerContext.newPage();
    await signInAs(ownerPage, owner);
    const theirLink = await requestLink(ownerPage, ownerAddress);
    await ownerContext.close();

    const account = await createAccount();
    await signInAs(page, account);
    await page.goto('/verify-email?token=not-a-token');
    await expect(page.getByRole('heading', { name: 'This link isn’t valid' })).toBeVisible();
    await page.goto(`/verify-email?token=${'A'.repeat(43)}`);
    await expect(page.getByRole('heading', { name: 'This link isn’t valid' })).toBeVisible();
    await page.goto(theirLink);
    await expect(page.getByRole('heading', { name: 'This link isn’t valid' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send a new link' })).toBeVisible();

    const { rows } = await sql().query(`SELECT u.email, r.status FROM users u JOIN email_change_requests r ON r.user_id = u.id WHERE u.id = ANY($1::uuid[])`, [[owner.id, account.id]]);
    expect(rows).toEqual([{ email: null, status: 'PENDING' }]);
  });

  test('[USER] withdraws a pending change from the profile: the link it sent no longer works, the address stays as it was', async ({ page }) => {
    const current = uniqueAddress('kept');
    const account = await createAccount({ email: current });
    const address = uniqueAddress('withdrawn');
    await signInAs(page, account);
    const link = await requestLink(page, address);

    await page.goto('/profile');
    await expect(page.getByTestId('pending-email')).toContainText(address);
    await page.getByRole('button', { name: 'Withdraw this change' }).click();
    await expect(page).toHaveURL(/\/profile\?withdrawn=1$/);
    await expect(page.getByText('Change withdrawn. The link and code we sent no longer work.')).toBeVisible();
    await expectAccessible(page, 'profile, change withdrawn');
    await expect(page.getByTestId('pending-email')).toHaveCount(0);
    await expect(page.getByTestId('email-status')).toContainText(current);

    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'This link isn’t valid' })).toBeVisible();
    const { rows } = await sql().query<{ email: string }>('SELECT email FROM users WHERE id = $1', [account.id]);
    expect(rows[0]!.email).toBe(current);
  });
});
