import { expect, test, type Page } from './fixtures/test';
import { createAccount, signInAs, sql, startEmailChange, uniqueAddress, type TestAccount } from './fixtures/accounts';
import { addPlatformAuthenticator } from './fixtures/authenticator';
import { expectAccessible } from './fixtures/axe';
import { waitForMessage } from './fixtures/inbox';
import { password } from './fixtures/test-app';

async function setUpBiometrics(page: Page) {
  await page.goto('/profile');
  await page.getByRole('button', { name: 'Set up biometrics' }).click();
  // Adding a passkey is itself a change that needs the password first.
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Confirm and set up' }).click();
  await expect(page.getByText('Biometrics are set up on this device.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem')).toHaveCount(1);
}

/** Closes the privileged window the set-up opened, so the next change asks again. */
async function forgetReauth(account: TestAccount) {
  await sql().query(`UPDATE sessions SET privileged_until = now() - interval '1 second' WHERE user_id = $1`, [account.id]);
}

test.describe('UC03 biometric re-authentication', () => {
  test('[USER] sets up biometrics, then changes e-mail after a biometric re-auth', async ({ page }) => {
    const authenticator = await addPlatformAuthenticator(page);
    const account = await createAccount();
    await signInAs(page, account);
    await setUpBiometrics(page);
    expect(await authenticator.credentials()).toHaveLength(1);
    await expect(page.getByRole('list', { name: 'Your passkeys' })).toContainText('not used yet');
    await forgetReauth(account);

    const address = uniqueAddress('bio');
    await startEmailChange(page, address);
    await expect(page.getByRole('button', { name: 'Use biometrics' })).toBeEnabled();
    await expectAccessible(page, 're-auth offering biometrics');
    await page.getByRole('button', { name: 'Use biometrics' }).click();
    await expect(page.getByTestId('link-sent')).toContainText(address);
    await waitForMessage(address, /Confirm your email address/);
    await page.goto('/profile');
    await expect(page.getByRole('list', { name: 'Your passkeys' })).toContainText('last used');
    await expectAccessible(page, 'profile with a passkey');
  });

  test('[USER] a biometric that fails says so and moves to the password, which then works', async ({ page }) => {
    const authenticator = await addPlatformAuthenticator(page);
    const account = await createAccount();
    await signInAs(page, account);
    await setUpBiometrics(page);
    await forgetReauth(account);

    await authenticator.setUserVerified(false);
    const address = uniqueAddress('fallback');
    await startEmailChange(page, address);
    await page.getByRole('button', { name: 'Use biometrics' }).click();
    await expect(page.getByText('Biometrics didn’t confirm it’s you. Use your password instead.')).toBeVisible();
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect(page.getByTestId('link-sent')).toContainText(address);

    // The device refused: nothing was checked, so nothing counts towards the lock-out; support can still see it.
    const { rows } = await sql().query(`SELECT type, detail FROM audit_events WHERE user_id = $1 AND type LIKE 'reauth.%' ORDER BY created_at, id`, [account.id]);
    expect(rows.map((row) => [row.type, row.detail.reason ?? row.detail.method])).toEqual([
      ['reauth.ok', 'password'],
      ['reauth.cancelled', 'NotAllowedError'],
      ['reauth.ok', 'password'],
    ]);
  });

  test('[USER] a removed passkey is no longer offered', async ({ page }) => {
    await addPlatformAuthenticator(page);
    const account = await createAccount();
    await signInAs(page, account);
    await setUpBiometrics(page);
    const passkeys = page.getByRole('list', { name: 'Your passkeys' });
    await passkeys.getByRole('button', { name: /^Remove / }).click();
    await expect(passkeys).toHaveCount(0);
    await forgetReauth(account);

    await startEmailChange(page, uniqueAddress('nobio'));
    await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Use biometrics' })).toHaveCount(0);
    await expect(page.getByLabel('Password')).toBeVisible();
  });
});
