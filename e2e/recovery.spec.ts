import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from './fixtures/test';
import { createAccount, requestLink, signInAs, sql, uniqueAddress, type TestAccount } from './fixtures/accounts';
import { ApiClient } from './fixtures/api';
import { undoLink, waitForMessage } from './fixtures/inbox';
import { expectAccessible } from './fixtures/axe';
import { signIn } from './fixtures/sign-in';
import { password, testApp } from './fixtures/test-app';

/** axe on the page as it stands, in English and then in Nepali; the page is left in English. */
async function scanBothLanguages(page: Page, state: string) {
  await expectAccessible(page, `${state} (en)`);
  await page.context().addCookies([{ name: 'wallet-locale', value: 'ne', url: testApp.url }]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ne');
  await expectAccessible(page, `${state} (ne)`);
  await page.context().clearCookies({ name: 'wallet-locale' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

const newPassword = 'Taken-Back-2026!';

/** Someone with the owner's password changes the e-mail through the app's API; the owner's old address gets the notice. */
async function takeOverByApi(api: ApiClient, account: TestAccount) {
  await api.signIn(account.mobileNumber);
  await api.call('POST', '/reauth', { data: { method: 'password', password } });
  const intruderAddress = uniqueAddress('intruder');
  await api.call('POST', '/email-change', { data: { email: intruderAddress }, headers: { 'idempotency-key': randomUUID() } });
  const token = (await waitForMessage(intruderAddress, /Confirm your email address/)).html.match(/token=([A-Za-z0-9_-]{43})/)![1]!;
  expect((await api.call('POST', '/email-change/verify', { data: { token } })).status).toBe(200);
  return { intruderAddress, undo: undoLink(await waitForMessage(account.email!, /Your Wallet email was changed/)) };
}

async function setNewPassword(page: Page) {
  await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
  await page.getByLabel('New password').fill(newPassword);
  await page.getByLabel('Type it again').fill(newPassword);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page).toHaveURL(/\/sign-in\?recovered=1$/);
}

test.describe('Takeover recovery: "This wasn’t me — undo this change"', () => {
  test('[OWNER] takes the account back after someone with the password changed its e-mail; support lifts the hold', async ({ page, browser, request }) => {
    const ownerAddress = uniqueAddress('owner');
    const owner = await createAccount({ email: ownerAddress, displayName: 'Anita Karki' });

    // The intruder knows the password: a browser and the app, both signed in as the owner.
    const intruderContext = await browser.newContext();
    const intruder = await intruderContext.newPage();
    await signInAs(intruder, owner);
    const intruderApp = new ApiClient(request);
    await intruderApp.signIn(owner.mobileNumber);
    const intruderAddress = uniqueAddress('intruder');
    await intruder.goto(await requestLink(intruder, intruderAddress));
    await intruder.getByRole('button', { name: 'Confirm email' }).click();
    await expect(intruder.getByTestId('email-status')).toContainText(intruderAddress);

    // The old address is told, with the way back; the owner opens it signed out.
    const notice = await waitForMessage(ownerAddress, /Your Wallet email was changed/);
    expect(notice.text).toContain('This wasn’t me — undo this change');
    await page.goto(undoLink(notice));
    const undo = page.getByTestId('undo-change');
    await expect(undo).toContainText(ownerAddress);
    await expect(undo).toContainText(/i\*+[0-9a-f]@example\.com/);
    await expect(undo).not.toContainText(intruderAddress);
    await scanBothLanguages(page, 'undo page');
    await page.getByRole('button', { name: 'Undo this change' }).click();
    await expect(page.getByText(`The change is undone: ${ownerAddress} is your email again`)).toBeVisible();
    await scanBothLanguages(page, 'new password page');

    // Everyone is out: the intruder's browser and the app token that confirmed the change.
    await intruder.reload();
    await expect(intruder).toHaveURL(/\/sign-in/);
    expect((await intruderApp.call('GET', '/profile')).body.code).toBe('unauthorized');
    const removed = await waitForMessage(intruderAddress, /A change to your Wallet email was undone/);
    expect(removed.text).toContain('undid it');

    // The old password opens nothing, not even for the owner, until a new one is set.
    await intruder.goto('/sign-in');
    await signIn(intruder, owner.mobileNumber, password);
    await expect(intruder.getByText(/needs a new password after an email change was undone/)).toBeVisible();
    await intruderContext.close();

    await setNewPassword(page);
    await expect(page.getByText('Your new password is set. Sign in with it.')).toBeVisible();
    await signIn(page, owner.mobileNumber, newPassword);
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByTestId('email-status')).toContainText(ownerAddress);
    await expect(page.getByTestId('email-hold')).toContainText('Email changes are on hold');
    await page.goto('/profile/email');
    await expect(page.getByText(/Email changes are on hold on this account after a recovery/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();

    // Support sees the account first, checks the caller, and lifts the hold with a reason.
    const desk = await (await browser.newContext()).newPage();
    await signInAs(desk, await createAccount({ displayName: 'Support Desk', role: 'STAFF' }), '/support');
    const attention = desk.getByTestId('attention').getByRole('listitem').filter({ hasText: `+977 ${owner.mobileNumber.slice(0, 3)}-${owner.mobileNumber.slice(3)}` });
    await expect(attention).toContainText('Recovered');
    await attention.getByRole('link').click();
    const card = desk.getByRole('article', { name: 'Anita Karki' });
    await expect(card.getByTestId('hold')).toContainText('the owner undid a change');
    await card.getByLabel('Reason (required)').fill('Caller verified by date of birth and last top-up');
    await card.getByRole('button', { name: 'Lift the hold' }).click();
    await expect(card.getByText('The hold is lifted')).toBeVisible();
    await expect(card.getByTestId('activity').first()).toContainText('Hold on email changes lifted');

    // And the owner can change the e-mail again (once the intruder's one-minute resend cooldown,
    // which a real call to support would outlast, is over: ended in the database here).
    await sql().query(`DELETE FROM rate_limits WHERE key = $1`, [`email_cooldown:${owner.id}`]);
    await page.goto('/profile');
    await expect(page.getByTestId('email-hold')).toHaveCount(0);
    await requestLink(page, uniqueAddress('owner-new'), 1, newPassword);
  });

  test('[OWNER] a used link, an expired link and an address someone else took each say plainly what happened', async ({ page, request }) => {
    // Used: after the undo and the new password, the link has nothing left to do.
    const first = await createAccount({ email: uniqueAddress('used') });
    const { undo: usedLink } = await takeOverByApi(new ApiClient(request), first);
    await page.goto(usedLink);
    await page.getByRole('button', { name: 'Undo this change' }).click();
    await setNewPassword(page);
    await page.goto(usedLink);
    await expect(page.getByRole('heading', { name: 'This change was already undone' })).toBeVisible();

    // Expired: seven days have passed.
    const second = await createAccount({ email: uniqueAddress('late') });
    const { undo: lateLink } = await takeOverByApi(new ApiClient(request), second);
    await sql().query(`UPDATE email_recoveries SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [second.id]);
    await page.goto(lateLink);
    await expect(page.getByRole('heading', { name: 'This undo link has expired' })).toBeVisible();
    await expect(page.getByText(/call Wallet support on 01-5970017/)).toBeVisible();

    // Conflict: another account confirmed the old address in the meantime; nothing of theirs is touched.
    const third = await createAccount({ email: uniqueAddress('claimed') });
    const { undo: claimedLink } = await takeOverByApi(new ApiClient(request), third);
    const claimant = await createAccount({ email: third.email! });
    await page.goto(claimedLink);
    await page.getByRole('button', { name: 'Undo this change' }).click();
    await expect(page.getByText(/We couldn’t put .* back: another Wallet account uses it now/)).toBeVisible();
    const { rows } = await sql().query(`SELECT id, email FROM users WHERE id = ANY($1::uuid[]) ORDER BY email NULLS FIRST`, [[third.id, claimant.id]]);
    expect(rows).toEqual([
      { id: third.id, email: null },
      { id: claimant.id, email: third.email },
    ]);
  });

  test('[STAFF] undoes the last change for a verified caller: the old address is back, everyone is signed out, changes are held', async ({ page, request }) => {
    const account = await createAccount({ email: uniqueAddress('caller'), displayName: 'Ram Bahadur' });
    const intruderApp = new ApiClient(request);
    await takeOverByApi(intruderApp, account);

    await signInAs(page, await createAccount({ displayName: 'Support Desk', role: 'STAFF' }), '/support');
    await page.getByLabel('Mobile number or email').fill(account.mobileNumber);
    await page.getByRole('button', { name: 'Search' }).click();
    const card = page.getByRole('article', { name: 'Ram Bahadur' });
    // Without a reason nothing happens (the browser asks for one; the server refuses too).
    await card.getByRole('button', { name: /Undo the last email change/ }).click();
    await expect(card.getByLabel('Reason (required)')).toHaveJSProperty('validity.valueMissing', true);
    await card.getByLabel('Reason (required)').fill('Caller verified; says the change was not theirs');
    await card.getByRole('button', { name: /Undo the last email change/ }).click();
    await expect(card.getByText('The last email change is undone')).toBeVisible();
    await expect(card).toContainText(account.email!);
    await expect(card.getByTestId('hold')).toContainText('support');
    expect((await intruderApp.call('GET', '/profile')).body.code).toBe('unauthorized');
    const { rows } = await sql().query(`SELECT actor, detail->>'reason' AS reason FROM audit_events WHERE user_id = $1 AND type = 'recovery.undone'`, [account.id]);
    expect(rows).toEqual([{ actor: expect.stringMatching(/^staff:/), reason: 'Caller verified; says the change was not theirs' }]);
  });
});
