import { expect, test } from './fixtures/test';
import { createAccount, requestLink, signInAs, sql, uniqueAddress } from './fixtures/accounts';
import { ApiClient } from './fixtures/api';
import { expectAccessible } from './fixtures/axe';
import { waitForMessage } from './fixtures/inbox';

test.describe('Sessions end on the server', () => {
  test('[USER] after sign-out, a copy of the session cookie opens nothing', async ({ page, browser }) => {
    const account = await createAccount();
    await signInAs(page, account);
    const copied = await page.context().storageState();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    const thief = await browser.newContext({ storageState: copied });
    const stolen = await thief.newPage();
    await stolen.goto('/profile');
    await expect(stolen).toHaveURL(/\/sign-in/);
    await thief.close();
  });

  test('[USER] sees every signed-in device, this one marked, and signs the others out one by one or all at once', async ({ page, browser, request }) => {
    const account = await createAccount();
    const laptop = await browser.newContext({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0' });
    const laptopPage = await laptop.newPage();
    await signInAs(laptopPage, account);
    const app = new ApiClient(request);
    await app.signIn(account.mobileNumber);
    await signInAs(page, account);

    const devices = page.getByTestId('devices').getByRole('listitem');
    await expect(devices).toHaveCount(3);
    await expect(devices.filter({ hasText: 'This device' })).toHaveCount(1);
    await expect(devices.filter({ hasText: 'Firefox on Windows' })).toHaveCount(1);
    await expect(devices.filter({ hasText: 'Wallet app' })).toHaveCount(1);
    await expect(devices.first()).toContainText(/Signed in .* NPT · Last active .* NPT/);
    await expectAccessible(page, 'profile, three signed-in devices');

    await devices.filter({ hasText: 'Firefox on Windows' }).getByRole('button', { name: 'Sign out' }).click();
    await expect(devices).toHaveCount(2);
    await laptopPage.reload();
    await expect(laptopPage).toHaveURL(/\/sign-in/);

    await page.getByRole('button', { name: 'Sign out of all other devices' }).click();
    await expect(devices).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Sign out of all other devices' })).toHaveCount(0);
    expect((await app.call('GET', '/profile')).body.code).toBe('unauthorized');

    const { rows } = await sql().query(`SELECT type, detail->>'reason' AS reason FROM audit_events WHERE user_id = $1 AND type = 'session.ended'`, [account.id]);
    expect(rows).toEqual([
      { type: 'session.ended', reason: 'signed_out_elsewhere' },
      { type: 'session.ended', reason: 'signed_out_elsewhere' },
    ]);
    await laptop.close();
  });
});

test.describe('UC07 an expired link is renewed only after re-authentication', () => {
  test('[USER] "Resend" on an expired link asks who it is, then sends a new link to the same address', async ({ page }) => {
    const account = await createAccount();
    const address = uniqueAddress('renew');
    await signInAs(page, account);
    await requestLink(page, address);
    await sql().query(`UPDATE email_change_requests SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [account.id]);
    await sql().query(`UPDATE sessions SET privileged_until = NULL WHERE user_id = $1`, [account.id]);
    await sql().query(`DELETE FROM rate_limits WHERE key = $1`, [`email_cooldown:${account.id}`]);

    await page.goto('/profile');
    await expect(page.getByTestId('pending-email')).toContainText('The link we sent has expired.');
    await page.getByTestId('pending-email').getByRole('button', { name: 'Resend' }).click();
    await expect(page).toHaveURL(/\/profile\/email\?renew=1$/);
    await expect(page.getByLabel('Email address')).toHaveValue(address);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password').fill('Wallet@2026');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect(page.getByTestId('link-sent')).toContainText(address);
    await waitForMessage(address, /Confirm your email address/, 2);
  });
});
