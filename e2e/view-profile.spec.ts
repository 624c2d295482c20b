import { expect, test } from './fixtures/test';
import { createAccount, signInAs } from './fixtures/accounts';
import { accounts } from './fixtures/test-app';

test.describe('UC01 view profile', () => {
  test.describe('with a verified e-mail', () => {
    test.use({ storageState: accounts.verified.state });

    test('[USER] sees name, mobile number, verified e-mail and "Update email" under More options', async ({ page }) => {
      await page.goto('/profile');
      await expect(page.getByRole('heading', { name: accounts.verified.displayName })).toBeVisible();
      await expect(page.getByText('+977 980-0000002')).toBeVisible();
      const email = page.getByTestId('email-status');
      await expect(email).toContainText(accounts.verified.email);
      await expect(email).toContainText('Verified');

      await page.getByRole('button', { name: 'More options' }).click();
      await expect(page.getByRole('menuitem')).toHaveText(['Update email']);
      await page.getByRole('menuitem', { name: 'Update email' }).click();
      await expect(page).toHaveURL(/\/profile\/email$/);
    });
  });

  test.describe('without an e-mail', () => {
    test.use({ storageState: accounts.noEmail.state });

    test('[USER] sees that no e-mail is added and "Add email" under More options', async ({ page }) => {
      await page.goto('/profile');
      await expect(page.getByRole('heading', { name: accounts.noEmail.displayName })).toBeVisible();
      await expect(page.getByTestId('email-status')).toContainText('No email added');
      // Said once: no badge beside it ("Not added" said it twice).
      await expect(page.getByTestId('email-status').locator('dd')).toHaveText('No email added');

      const more = page.getByRole('button', { name: 'More options' });
      await more.click();
      await expect(more).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByRole('menuitem', { name: 'Add email' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('menu')).toHaveCount(0);
      await expect(more).toBeFocused();
    });

    test('[USER] the profile fits a phone screen without sideways scrolling', async ({ page }) => {
      await page.goto('/profile');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
    });
  });

  test('[USER] a long address wraps before the "@" or after a "." or "-", never mid-word, and nothing scrolls sideways', async ({ page }) => {
    const email = `sita.sharma.kathmandu.${Date.now()}@remittance-services.example.com.np`;
    await signInAs(page, await createAccount({ email }));
    const address = page.getByTestId('email-status').getByText(email, { exact: true });
    await expect(address).toHaveText(email);
    // Where the browser broke the address into lines: the text before each break must end a part.
    const lines = await address.evaluate((element) => {
      const range = document.createRange();
      const text = [...element.childNodes].flatMap((node) => (node.nodeType === Node.TEXT_NODE ? [node as Text] : []));
      const out: string[] = [];
      let line = '';
      let top: number | undefined;
      for (const node of text) {
        for (let at = 0; at < node.length; at += 1) {
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const y = Math.round(range.getBoundingClientRect().top);
          if (top !== undefined && y > top + 2) {
            out.push(line);
            line = '';
          }
          top = y;
          line += node.data[at];
        }
      }
      return [...out, line];
    });
    expect(lines.join('')).toBe(email);
    for (const [index, line] of lines.slice(0, -1).entries()) expect(/[.-]$/.test(line) || lines[index + 1]!.startsWith('@'), `line ${index}: "${line}"`).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
  });
});
