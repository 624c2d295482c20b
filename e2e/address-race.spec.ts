import { expect, test } from './fixtures/test';
import { createAccount, reauthWithPassword, signInAs, startEmailChange, uniqueAddress } from './fixtures/accounts';
import { verificationLink, waitForMessage } from './fixtures/inbox';

test.describe('address race', () => {
  test('[USER] two accounts claim one address: the first to confirm wins, the other is told it is taken', async ({ browser }) => {
    const address = uniqueAddress('shared');
    const [first, second] = await Promise.all([createAccount({ displayName: 'Asha Rai' }), createAccount({ displayName: 'Binod Rai' })]);
    const pages = await Promise.all([browser.newContext(), browser.newContext()].map(async (context) => (await context).newPage()));
    for (const [page, account] of [
      [pages[0]!, first],
      [pages[1]!, second],
    ] as const) {
      await signInAs(page, account);
      await startEmailChange(page, address);
      await reauthWithPassword(page);
      await expect(page.getByTestId('link-sent')).toBeVisible();
    }
    const firstLink = verificationLink(await waitForMessage(address, /Confirm your email address/, 1));
    const secondLink = verificationLink(await waitForMessage(address, /Confirm your email address/, 2));
    // Each link belongs to one account; the first message may be either.
    await pages[0]!.goto(firstLink);
    await expect(pages[0]!.getByRole('heading').first()).toBeVisible();
    const firstIsMine = (await pages[0]!.getByRole('button', { name: 'Confirm email' }).count()) > 0;
    const links = firstIsMine ? ['first', 'second'] : ['second', 'first'];
    const linkOf = (who: 'first' | 'second') => (links[0] === who ? firstLink : secondLink);

    await pages[0]!.goto(linkOf('first'));
    await pages[1]!.goto(linkOf('second'));
    await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Confirm email' }).click()));

    const outcomes = await Promise.all(
      pages.map(async (page) => {
        await page.waitForURL(/\/profile\?verified=1|\/verify-email\/result/);
        return page.url().includes('verified=1') ? 'verified' : 'taken';
      }),
    );
    expect([...outcomes].sort()).toEqual(['taken', 'verified']);
    const loser = pages[outcomes.indexOf('taken')]!;
    await expect(loser.getByRole('heading', { name: 'This email is already in use' })).toBeVisible();
  });
});
