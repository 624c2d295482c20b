import { expect, test } from './fixtures/test';
import { createAccount, reauthWithPassword, signInAs, sql, startEmailChange, uniqueAddress } from './fixtures/accounts';
import { password } from './fixtures/test-app';
import { expectAccessible } from './fixtures/axe';
import { messagesTo } from './fixtures/inbox';

test.describe('UC05 lock-out', () => {
  test('[USER] after 5 wrong passwords is locked out and told when it ends', async ({ page }) => {
    const account = await createAccount();
    const address = uniqueAddress('locked');
    await signInAs(page, account);
    await startEmailChange(page, address);

    for (const left of [4, 3, 2, 1]) {
      await reauthWithPassword(page, 'wrong-password');
      await expect(page.getByText(`Wrong password. ${left} attempt${left === 1 ? '' : 's'} left`)).toBeVisible();
    }
    await reauthWithPassword(page, 'wrong-password');
    const lock = page.getByText(/email changes are locked until \d{2}:\d{2} NPT/);
    await expect(lock).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveValue(address);

    // Still locked after a reload, and the right password no longer opens it: not in the
    // browser (Continue is disabled) and not by calling the server directly either.
    await page.reload();
    await expect(lock).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
    await expectAccessible(page, 'e-mail page, locked');
    const direct = await page.request.post('/api/v1/reauth', { data: { method: 'password', password }, headers: { origin: new URL(page.url()).origin } });
    expect(await direct.json()).toMatchObject({ code: 'locked' });
    const { rows } = await sql().query(`SELECT count(*)::int AS opened FROM audit_events WHERE user_id = $1 AND type = 'reauth.ok'`, [account.id]);
    expect(rows[0].opened).toBe(0);
    expect(await messagesTo(address)).toHaveLength(0);
  });
});
