import { expect, test, type Page } from './fixtures/test';
import { createAccount, requestLink, signInAs, sql, uniqueAddress, type TestAccount } from './fixtures/accounts';
import { ApiClient } from './fixtures/api';
import { inRollout } from '../lib/flags/rollout';

async function setRollout(desk: Page, on: boolean, percent: number, reason: string) {
  await desk.goto('/support');
  const rollout = desk.getByTestId('rollout');
  await rollout.getByLabel('On', { exact: true }).setChecked(on);
  await rollout.getByLabel('Accounts that get it (%)').fill(String(percent));
  await rollout.getByLabel('Reason (required)').fill(reason);
  await rollout.getByRole('button', { name: 'Save rollout' }).click();
  await expect(rollout.getByText('The rollout is saved.', { exact: false })).toBeVisible();
}

/** A fresh account on the chosen side of the rollout at `percent`. */
async function accountInside(percent: number, inside: boolean): Promise<TestAccount> {
  for (;;) {
    const account = await createAccount();
    if (inRollout('email-change', account.id, percent) === inside) return account;
  }
}

const entry = (page: Page) => page.getByRole('button', { name: 'More options' });

test.describe('DESIGN §7 rollout and kill switch', () => {
  test('[STAFF] turns the e-mail change off and on and rolls it out to a share of accounts; customers see the entry come and go, and a link already sent still confirms', async ({ page, browser, request }) => {
    const desk = await (await browser.newContext()).newPage();
    await signInAs(desk, await createAccount({ displayName: 'Support Desk', role: 'STAFF' }), '/support');
    const customer = await createAccount();
    await signInAs(page, customer);
    const address = uniqueAddress('before.off');
    const link = await requestLink(page, address);

    try {
      await setRollout(desk, false, 100, 'Incident: pausing e-mail changes');
      await expect(desk.getByTestId('rollout')).toContainText('Off for everyone');

      await page.goto('/profile');
      await expect(page.getByTestId('email-status')).toBeVisible();
      await expect(entry(page)).toHaveCount(0);
      await page.goto('/profile/email');
      await expect(page.getByTestId('email-change-paused')).toContainText('A link or code we already sent still works');
      const api = new ApiClient(request);
      await api.signIn(customer.mobileNumber);
      const refused = await api.call('POST', '/email-change', { data: { email: uniqueAddress('while.off') }, headers: { 'idempotency-key': crypto.randomUUID() } });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('feature_unavailable');

      // What was sent before the switch still confirms.
      await page.goto(link);
      await page.getByRole('button', { name: 'Confirm email' }).click();
      await expect(page).toHaveURL(/\/profile\?verified=1$/);
      await expect(page.getByTestId('email-status')).toContainText(address);

      // A pilot: 50 % of accounts, always the same ones.
      await setRollout(desk, true, 50, 'Pilot with half of the accounts');
      await expect(desk.getByTestId('rollout')).toContainText('On for 50% of accounts');
      const inside = await accountInside(50, true);
      const outside = await accountInside(50, false);
      const other = await (await browser.newContext()).newPage();
      await signInAs(other, inside);
      await expect(entry(other)).toBeVisible();
      await other.context().clearCookies();
      await signInAs(other, outside);
      await expect(entry(other)).toHaveCount(0);
      await other.context().close();

      // Everyone again: the entry is back.
      await setRollout(desk, true, 100, 'Launch to everyone');
      await page.goto('/profile');
      await expect(entry(page)).toBeVisible();

      // Support reads each change in the audit trail, with the reason.
      const { rows } = await sql().query(`SELECT detail FROM audit_events WHERE type = 'flag.changed' ORDER BY created_at DESC LIMIT 3`);
      expect(rows.map((row) => row.detail.reason)).toEqual(['Launch to everyone', 'Pilot with half of the accounts', 'Incident: pausing e-mail changes']);
    } finally {
      // Whatever happened above, the next journey finds the feature on for everyone.
      await sql().query(`UPDATE feature_flags SET enabled = true, rollout_percent = 100 WHERE key = 'email-change'`);
    }
  });
});
