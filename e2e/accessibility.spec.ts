/**
 * WCAG 2.2 AA (axe-core) on every page and state a journey reaches that no other spec
 * scans, in English and Nepali; the desktop and phone (375 px) projects both run it.
 * The add-e-mail flow's own states are scanned in e2e/nepali.spec.ts.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { createAccount, requestLink, signInAs, sql, uniqueAddress } from './fixtures/accounts';
import { expectAccessible } from './fixtures/axe';
import { testApp } from './fixtures/test-app';

const languages = ['en', 'ne'] as const;

async function speak(page: Page, language: (typeof languages)[number]) {
  await page.context().addCookies([{ name: 'wallet-locale', value: language, url: testApp.url }]);
}

for (const language of languages) {
  test.describe(`axe, ${language}`, () => {
    test(`[USER] signed-out pages: link outcomes of the undo link, help, not found (${language})`, async ({ page }) => {
      await speak(page, language);
      for (const path of ['/recover-email?token=nope', '/recover-email/result?outcome=used', '/recover-email/result?outcome=expired', '/recover-email/result?outcome=superseded', '/help/account-change', '/no-such-page']) {
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect(page.locator('h1')).toBeVisible();
        await expectAccessible(page, `${path} (${language})`);
      }
    });

    test(`[USER] profile with a pending change, the code form, devices and every link outcome (${language})`, async ({ page }) => {
      const account = await createAccount();
      await signInAs(page, account);
      // Asked for in English (the fixtures read English words), then every page is scanned in the language under test.
      const link = await requestLink(page, uniqueAddress('axe'));
      await speak(page, language);
      await page.goto('/profile');
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.getByTestId('pending-email')).toBeVisible();
      await page.getByTestId('pending-email').getByRole('button').first().click();
      await expectAccessible(page, `profile, pending, code form open (${language})`);

      await page.goto(link);
      await expectAccessible(page, `confirm page (${language})`);
      for (const outcome of ['expired', 'used', 'superseded', 'invalid', 'address_taken']) {
        await page.goto(`/verify-email/result?outcome=${outcome}`);
        await expect(page.locator(`[data-outcome="${outcome}"]`)).toBeVisible();
        await expectAccessible(page, `link outcome ${outcome} (${language})`);
      }
      // An expired pending change, as the profile shows it.
      await sql().query(`UPDATE email_change_requests SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [account.id]);
      await page.goto('/profile');
      await expect(page.getByTestId('pending-email')).toBeVisible();
      await expectAccessible(page, `profile, expired change (${language})`);
      await page.goto('/profile/email?renew=1');
      await expectAccessible(page, `email page, renewing (${language})`);

      // Support's view of this customer: the console, the account card with its e-mails and activity.
      const desk = await page.context().browser()!.newContext({ baseURL: testApp.url });
      const staff = await desk.newPage();
      await signInAs(staff, await createAccount({ displayName: 'Support Desk', role: 'STAFF' }), '/support');
      await speak(staff, language);
      await staff.goto(`/support?${new URLSearchParams({ q: account.mobileNumber })}`);
      await expect(staff.getByRole('article')).toBeVisible();
      await expect(staff.getByTestId('activity').first()).toBeVisible();
      await expectAccessible(staff, `support console, an account (${language})`);
      await desk.close();
    });
  });
}
