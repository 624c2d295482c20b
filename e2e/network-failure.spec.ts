import { expect, test } from './fixtures/test';
import { createAccount, reauthWithPassword, requestLink, signInAs, sql, startEmailChange, uniqueAddress } from './fixtures/accounts';
import { messagesTo, waitForMessage } from './fixtures/inbox';

const networkMessage = 'Couldn’t reach the server. Check your internet connection and try again.';

test.describe('UC08 network failure', () => {
  test('[USER] offline or with a lost response, the form keeps its values; the retry sends exactly one e-mail', async ({ page, context }) => {
    const account = await createAccount();
    const address = uniqueAddress('offline');
    await signInAs(page, account);

    // Prove presence first so the retries go straight through, then lift the cooldown that request started.
    await startEmailChange(page, uniqueAddress('warmup'));
    await reauthWithPassword(page);
    await expect(page.getByTestId('link-sent')).toBeVisible();
    await sql().query(`DELETE FROM rate_limits WHERE key = $1`, [`email_cooldown:${account.id}`]);

    await page.goto('/profile/email');
    await page.getByLabel('Email address').fill(address);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText(networkMessage)).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveValue(address);
    await context.setOffline(false);

    // Online again, but the response is lost on the way back: the server did the work.
    await page.route('**/profile/email', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText(networkMessage)).toBeVisible();
    await waitForMessage(address, /Confirm your email address/);
    await page.unroute('**/profile/email');

    // The retry carries the same idempotency key: the same request comes back, no second e-mail.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('link-sent')).toContainText(address);
    // Counted once the dispatcher has nothing left for this account: every message to send has been sent.
    await expect
      .poll(async () => (await sql().query(`SELECT count(*)::int AS open FROM outbox_messages o JOIN email_change_requests r ON r.id = o.request_id WHERE r.user_id = $1 AND o.status = 'PENDING'`, [account.id])).rows[0].open)
      .toBe(0);
    const { rows } = await sql().query(`SELECT count(*)::int AS requests FROM email_change_requests WHERE user_id = $1 AND new_email = $2`, [account.id, address]);
    expect(rows[0].requests).toBe(1);
    expect(await messagesTo(address)).toHaveLength(1);
  });

  test('[USER] offline on the link page, "Confirm email" says so in place and works once back online', async ({ page, context }) => {
    const account = await createAccount();
    const address = uniqueAddress('offline.confirm');
    await signInAs(page, account);
    const link = await requestLink(page, address);
    await page.goto(link);

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Confirm email' }).click();
    // The page stays itself (heading, header, the button to try again), not a blank "Something went wrong".
    await expect(page.getByText(networkMessage)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Confirm your email' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(page.getByText('Something went wrong')).toHaveCount(0);
    const { rows } = await sql().query(`SELECT email FROM users WHERE id = $1`, [account.id]);
    expect(rows[0].email).toBeNull();

    await context.setOffline(false);
    await page.getByRole('button', { name: 'Confirm email' }).click();
    await expect(page).toHaveURL(/\/profile\?verified=1$/);
    await expect(page.getByTestId('email-status')).toContainText(address);
  });
});
