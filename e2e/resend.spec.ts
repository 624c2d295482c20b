import { expect, test } from './fixtures/test';
import { createAccount, requestLink, signInAs, sql, uniqueAddress } from './fixtures/accounts';
import { verificationLink, waitForMessage } from './fixtures/inbox';

test.describe('UC07 resend', () => {
  test('[USER] sees a resend countdown, then a new link replaces the old one', async ({ page }) => {
    const account = await createAccount();
    const address = uniqueAddress('again');
    await signInAs(page, account);
    const first = await requestLink(page, address);

    await page.goto('/profile');
    const resend = page.getByTestId('pending-email').getByRole('button', { name: /Resend/ });
    await expect(resend).toBeDisabled();
    await expect(resend).toHaveText(/Resend in \d+s/);
    const before = Number((await resend.textContent())!.match(/\d+/)![0]);
    await expect.poll(async () => Number((await resend.textContent())!.match(/\d+/)?.[0] ?? 0)).toBeLessThan(before);

    // The server enforces the cooldown too: end it in the database rather than wait a minute.
    await sql().query(`DELETE FROM rate_limits WHERE key = $1`, [`email_cooldown:${account.id}`]);
    await page.reload();
    await expect(resend).toHaveText('Resend');
    await resend.click();
    await expect(page.getByText(`We sent a new link to ${address}. The previous link no longer works.`)).toBeVisible();
    await expect(resend).toHaveText(/Resend in \d+s/);

    const second = verificationLink(await waitForMessage(address, /Confirm your email address/, 2));
    await page.goto(first);
    await expect(page.getByRole('heading', { name: 'A newer link was sent' })).toBeVisible();
    await page.goto(second);
    await page.getByRole('button', { name: 'Confirm email' }).click();
    await expect(page.getByTestId('email-status')).toContainText(address);
  });
});
