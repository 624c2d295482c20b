import { expect, test } from './fixtures/test';
import { createAccount, reauthWithPassword, requestLink, signInAs, startEmailChange, uniqueAddress } from './fixtures/accounts';
import { verificationLink, waitForMessage } from './fixtures/inbox';
import { accounts } from './fixtures/test-app';

test.describe('UC02 add e-mail', () => {
  test('[USER] adds an e-mail, re-authenticates with the password and confirms it from the delivered link', async ({ page }) => {
    const account = await createAccount();
    const address = uniqueAddress('maya');
    await signInAs(page, account);

    await startEmailChange(page, `  ${address.toUpperCase().replace('@EXAMPLE.COM', '@Example.COM')} `);
    await reauthWithPassword(page);
    await expect(page.getByTestId('link-sent')).toContainText(address.split('@')[0]!.toUpperCase());
    // Its icon is drawn, not an emoji that needs a font the phone may lack.
    await expect(page.getByTestId('link-sent').locator('svg')).toBeVisible();
    expect(await page.getByTestId('link-sent').innerText()).not.toMatch(/\p{Extended_Pictographic}/u);

    const message = await waitForMessage(address, /Confirm your email address/);
    // Plain text too, with the same link, for mail apps that show no HTML.
    expect(message.text).toContain(verificationLink(message));
    // The e-mail as delivered fits a 375 px screen (as a mail app lays it out): its raw link wraps instead of overflowing.
    const mail = await page.context().browser()!.newPage({ viewport: { width: 375, height: 812 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });
    await mail.setContent(message.html);
    expect(await mail.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await mail.close();
    await page.goto(verificationLink(message));
    await expect(page.getByText('Use')).toContainText('example.com');
    await page.getByRole('button', { name: 'Confirm email' }).click();

    await expect(page).toHaveURL(/\/profile\?verified=1$/);
    const status = page.getByTestId('email-status');
    await expect(status).toContainText('Verified');
    await expect(status).toContainText(/example\.com/);
    await expect(page.getByTestId('pending-email')).toHaveCount(0);

    // The same link again: its work is done, so it says so and offers nothing to send.
    await page.goto(verificationLink(message));
    await expect(page.getByRole('heading', { name: 'Your email is already verified' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Send a new link/ })).toHaveCount(0);
  });

  test('[USER] sees inline errors and keeps what was typed', async ({ page }) => {
    const account = await createAccount({ email: uniqueAddress('current') });
    await signInAs(page, account);

    await startEmailChange(page, 'sita@');
    await expect(page.getByText('Enter an email address like name@example.com')).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveValue('sita@');

    await page.getByLabel('Email address').fill(`${'a'.repeat(250)}@example.com`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('Email addresses are at most 254 characters')).toBeVisible();

    // The user's own address reveals nothing: said before the password is asked for.
    await page.getByLabel('Email address').fill(account.email!.toUpperCase());
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('This is already your email address. Enter a different one.')).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveValue(account.email!.toUpperCase());
    await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toHaveCount(0);

    // Linked to another account: said only after re-authentication (and it costs a send).
    await page.getByLabel('Email address').fill(accounts.verified.email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await reauthWithPassword(page);
    await expect(page.getByText('This email address is linked to another Wallet account. Use a different address.')).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveValue(accounts.verified.email);
  });
});

test.describe('UC02 confirm with the code', () => {
  test('[USER] reads the link on another device, so types the code from the real e-mail on the profile', async ({ page }) => {
    const account = await createAccount();
    const address = uniqueAddress('coded');
    await signInAs(page, account);
    await requestLink(page, address);
    const code = (await waitForMessage(address, /Confirm your email address/)).text.match(/\b(\d{6})\b/)![1]!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    await page.goto('/profile');
    const pending = page.getByTestId('pending-email');
    await pending.getByRole('button', { name: 'Enter code' }).click();
    await pending.getByLabel('Code').fill(wrong);
    await pending.getByRole('button', { name: 'Confirm code' }).click();
    await expect(pending.getByText('That code isn’t right. 4 tries left.')).toBeVisible();
    await expect(pending.getByLabel('Code')).toHaveValue(wrong);

    await pending.getByLabel('Code').fill(code);
    await pending.getByRole('button', { name: 'Confirm code' }).click();
    await expect(page).toHaveURL(/\/profile\?verified=1$/);
    await expect(page.getByTestId('email-status')).toContainText(address);
  });
});
