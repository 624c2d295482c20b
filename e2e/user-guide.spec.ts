import { expect, test } from './fixtures/test';
import { createAccount, signInAs, sql, uniqueAddress } from './fixtures/accounts';
import { screenshot, wordsOf } from './fixtures/docs';
import { undoLink, verificationLink, waitForMessage } from './fixtures/inbox';
import { password, testApp } from './fixtures/test-app';
import type { Locale } from '../lib/i18n/locales';

const escape = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const firefoxOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

// The journeys docs/user-guide.md (English) and docs/user-guide.ne.md (नेपाली) walk
// through, on a 375 px phone (the phone project only: playwright.config.ts), each step a
// screenshot the guide shows.
for (const [locale, name] of [
  ['en', 'Maya Gurung'],
  ['ne', 'सीता शर्मा'],
] as [Locale, string][]) {
  test(`[USER] the user guide's journeys in ${locale}: add, confirm by link and by code, expired link, resend, devices, undo`, async ({ page, browser }, info) => {
    test.setTimeout(180_000);
    const t = wordsOf(locale);
    let step = 0;
    const shot = (what: string, on = page) => screenshot(on, info, `user-guide/${locale}/${String((step += 1)).padStart(2, '0')}-${what}.png`);
    const mail = async (html: string, what: string) => {
      const reader = await page.context().newPage();
      await reader.setContent(html);
      await shot(what, reader);
      await reader.close();
    };
    /** ⋯ → Update email → the address → Continue: inside the re-auth window, straight to "Check your inbox". */
    const updateTo = async (address: string) => {
      await page.getByRole('button', { name: t('profile.moreOptions') }).click();
      await page.getByRole('menuitem', { name: t('profile.updateEmail') }).click();
      await page.getByLabel(t('flow.emailLabel')).fill(address);
      await page.getByRole('button', { name: t('flow.continue') }).click();
      await expect(page.getByTestId('link-sent')).toBeVisible();
    };
    await page.context().addCookies([{ name: 'wallet-locale', value: locale, url: testApp.url }]);
    const account = await createAccount({ displayName: name });
    const [first, second, third] = [uniqueAddress('maya'), uniqueAddress('maya.work'), uniqueAddress('maya.new')];
    // The guide's steps follow each other faster than a person's: the 60 s resend cooldown is lifted between them.
    const liftCooldown = () => sql().query(`DELETE FROM rate_limits WHERE key = $1`, [`email_cooldown:${account.id}`]);

    await page.goto('/sign-in');
    await page.getByLabel(t('signIn.mobile')).fill(account.mobileNumber);
    await page.getByLabel(t('signIn.password')).fill(password);
    await page.getByRole('button', { name: t('signIn.submit') }).click();
    await expect(page).toHaveURL(/\/profile$/);

    // Add an e-mail: ⋯ → Add email → the address → your password → check your inbox.
    await page.getByRole('button', { name: t('profile.moreOptions') }).click();
    await shot('menu');
    await page.getByRole('menuitem', { name: t('profile.addEmail') }).click();
    await page.getByLabel(t('flow.emailLabel')).fill(first);
    await shot('add-email');
    await page.getByRole('button', { name: t('flow.continue') }).click();
    await expect(page.getByRole('heading', { name: t('flow.reauthTitle') })).toBeVisible();
    await page.getByLabel(t('flow.password')).fill(password);
    await shot('confirm-its-you');
    await page.getByRole('button', { name: t('flow.confirm'), exact: true }).click();
    await expect(page.getByTestId('link-sent')).toBeVisible();
    await shot('link-sent');

    // Confirm it with the link in the e-mail.
    const verification = await waitForMessage(first, escape(t('mail.verifySubject')));
    await mail(verification.html, 'verification-email');
    await page.goto(verificationLink(verification));
    await shot('confirm-link');
    await page.getByRole('button', { name: t('verify.submit') }).click();
    await expect(page).toHaveURL(/\/profile\?verified=1$/);
    await expect(page.getByTestId('email-status')).toContainText(first);
    await shot('verified');

    // Update it, and confirm with the 6-digit code instead (the e-mail opened on another device).
    await liftCooldown();
    await updateTo(second);
    const code = (await waitForMessage(second, escape(t('mail.verifySubject')))).text.match(/\b(\d{6})\b/)![1]!;
    await page.goto('/profile');
    const pending = page.getByTestId('pending-email');
    await expect(pending).toContainText(second);
    await pending.getByRole('button', { name: t('code.open') }).click();
    await pending.getByLabel(t('code.label')).fill(code);
    await shot('enter-code');
    await pending.getByRole('button', { name: t('code.submit') }).click();
    await expect(page.getByTestId('email-status')).toContainText(second);
    const notice = await waitForMessage(first, escape(t('mail.changedSubject')));
    await mail(notice.html, 'changed-notice');

    // A link opened after it expired, and a new one sent from there.
    await liftCooldown();
    await updateTo(third);
    const late = verificationLink(await waitForMessage(third, escape(t('mail.verifySubject'))));
    // Expire it through the database instead of waiting a day.
    await sql().query(`UPDATE email_change_requests SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND status = 'PENDING'`, [account.id]);
    await liftCooldown();
    await page.goto(late);
    await expect(page.getByRole('heading', { name: t('verify.expiredTitle') })).toBeVisible();
    await shot('expired-link');
    await page.getByRole('button', { name: t('verify.sendNew') }).click();
    await expect(page).toHaveURL(/\/profile\?resent=1$/);
    await waitForMessage(third, escape(t('mail.verifySubject')), 2);
    await shot('resent');

    // Signed-in devices: this phone and a computer signed in since.
    const computer = await browser.newContext({ userAgent: firefoxOnWindows, locale: 'en-GB' });
    const other = await computer.newPage();
    await signInAs(other, account);
    await page.goto('/profile');
    const devices = page.getByTestId('devices');
    await expect(devices.getByRole('listitem')).toHaveCount(2);
    await expect(devices).toContainText('Firefox on Windows');
    await devices.scrollIntoViewIfNeeded();
    await shot('devices');

    // "This wasn't me": the notice's undo link puts the old address back and asks for a new password.
    await page.goto(undoLink(notice));
    await expect(page.getByTestId('undo-change')).toContainText(first);
    await shot('undo');
    await page.getByRole('button', { name: t('recover.submit') }).click();
    await page.getByLabel(t('recover.newPassword')).fill('Himal@Kathmandu9');
    await page.getByLabel(t('recover.again')).fill('Himal@Kathmandu9');
    await shot('new-password');
    await page.getByRole('button', { name: t('recover.save') }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    // Everyone was signed out, the computer too.
    await other.goto('/profile');
    await expect(other).toHaveURL(/\/sign-in/);
    await computer.close();
    const { rows } = await sql().query(`SELECT email FROM users WHERE id = $1`, [account.id]);
    expect(rows[0].email).toBe(first);
  });
}
