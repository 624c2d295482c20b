import { expect, test } from './fixtures/test';
import { createAccount, reauthWithPassword, signInAs, startEmailChange, uniqueAddress } from './fixtures/accounts';
import { verificationLink, waitForMessage } from './fixtures/inbox';

test.describe('UC04 update e-mail', () => {
  test('[USER] changes a verified e-mail: the old address is told and other sessions end', async ({ page, browser }) => {
    const oldAddress = uniqueAddress('old');
    const newAddress = uniqueAddress('new');
    const account = await createAccount({ email: oldAddress });

    // A second device, signed in before the change.
    const otherDevice = await browser.newContext();
    const otherPage = await otherDevice.newPage();
    await signInAs(otherPage, account);

    await signInAs(page, account);
    await startEmailChange(page, newAddress);
    await reauthWithPassword(page);
    await expect(page.getByTestId('link-sent')).toContainText(`Until then, ${oldAddress} stays your email.`);

    // Until the link is confirmed the old address is still the account's.
    await page.goto('/profile');
    await expect(page.getByTestId('email-status')).toContainText(oldAddress);
    await expect(page.getByTestId('pending-email')).toContainText(newAddress);

    await page.goto(verificationLink(await waitForMessage(newAddress, /Confirm your email address/)));
    await page.getByRole('button', { name: 'Confirm email' }).click();
    await expect(page).toHaveURL(/\/profile\?verified=1$/);
    await expect(page.getByTestId('email-status')).toContainText(newAddress);

    const notice = await waitForMessage(oldAddress, /Your Wallet email was changed/);
    expect(notice.text).toContain(newAddress);
    expect(notice.html).toContain('This wasn’t me');
    // Its "This wasn't me" link leads somewhere useful, even signed out.
    const help = notice.html.match(/href="([^"]+\/help\/account-change)"/)![1]!;
    const stranger = await browser.newPage();
    await stranger.goto(help);
    await expect(stranger.getByRole('heading', { name: 'Didn’t change your email?' })).toBeVisible();
    await stranger.close();

    // This session survives; the other device is signed out.
    await page.reload();
    await expect(page.getByTestId('email-status')).toContainText(newAddress);
    await otherPage.goto('/profile');
    await expect(otherPage).toHaveURL(/\/sign-in/);
    await otherDevice.close();
  });
});
