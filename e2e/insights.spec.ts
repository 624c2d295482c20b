import { expect, test, type Page } from './fixtures/test';
import { createAccount, reauthWithPassword, requestLink, signInAs, startEmailChange, uniqueAddress } from './fixtures/accounts';
import { expectAccessible } from './fixtures/axe';
import { screenshot } from './fixtures/docs';

// Yesterday to tomorrow in Nepal: the journey's events fall inside it even across midnight.
const nepalDay = (offsetDays: number) => new Date(Date.now() + (5 * 60 + 45) * 60_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const range = `from=${nepalDay(-1)}&to=${nepalDay(1)}`;

/** A number on the page, as a number ("1,234" → 1234). */
const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/\D/g, ''));

/** The "Total" row of a chart's table, by column name. */
async function totals(page: Page, figure: string) {
  const section = page.getByTestId(figure);
  await section.getByText('Numbers as a table').click();
  const table = section.getByRole('table');
  const head = await table.locator('thead th').allInnerTexts();
  const foot = await table.locator('tfoot tr > *').allInnerTexts();
  await section.getByText('Numbers as a table').click();
  return Object.fromEntries(head.slice(1).map((name, index) => [name, Number(foot[index + 1]!.replace(/\D/g, ''))]));
}

async function readInsights(desk: Page) {
  await desk.goto(`/support/insights?${range}`);
  return { requested: await number(desk, 'total-requested'), sent: await number(desk, 'total-sent'), verified: await number(desk, 'total-verified'), safety: await totals(desk, 'safety') };
}

test.describe('DESIGN §7 insights', () => {
  test("[STAFF] Insights shows a customer's journey: the request, the link sent, the confirmation and a lock-out", async ({ page, browser }, info) => {
    // Two customers' journeys, a staff desk and four axe-checked states: over a minute on a busy 2-core machine.
    test.setTimeout(120_000);
    // The desk is the test's own page, so a Content-Security-Policy violation on Insights fails the test (fixtures/test.ts).
    const desk = page;
    const customerPage = await (await browser.newContext()).newPage();
    await signInAs(desk, await createAccount({ displayName: 'Support Desk', role: 'STAFF' }), '/support');
    await desk.getByRole('link', { name: 'Insights: how the email feature is doing' }).click();
    await expect(desk.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
    const before = await readInsights(desk);

    // One customer changes their e-mail through the link; another locks re-auth.
    const customer = await createAccount();
    await signInAs(customerPage, customer);
    const address = uniqueAddress('insights');
    await customerPage.goto(await requestLink(customerPage, address));
    await customerPage.getByRole('button', { name: 'Confirm email' }).click();
    await expect(customerPage).toHaveURL(/\/profile\?verified=1$/);
    const other = await (await browser.newContext()).newPage();
    await signInAs(other, await createAccount());
    await startEmailChange(other, uniqueAddress('insights.locked'));
    for (let attempt = 0; attempt < 5; attempt += 1) await reauthWithPassword(other, 'wrong-password');
    await expect(other.getByText(/email changes are locked until/)).toBeVisible();

    // Other journeys run beside this one, so the totals grow by at least this journey's events.
    const after = await readInsights(desk);
    expect(after.requested).toBeGreaterThanOrEqual(before.requested + 1);
    expect(after.sent).toBeGreaterThanOrEqual(before.sent + 1);
    expect(after.verified).toBeGreaterThanOrEqual(before.verified + 1);
    expect(after.safety['Re-auth locked']).toBeGreaterThanOrEqual(before.safety['Re-auth locked']! + 1);

    // Each chart is drawn, and its numbers are a table with one row per day of the range.
    for (const figure of ['funnel', 'time-to-verify', 'delivery', 'safety']) {
      await expect(desk.getByTestId(figure).locator('svg.recharts-surface').first()).toBeVisible();
    }
    await expect(desk.getByTestId('funnel').locator('.recharts-bar-rectangle').first()).toBeVisible();
    const timeTable = desk.getByTestId('time-to-verify');
    await timeTable.getByText('Numbers as a table').click();
    await expect(timeTable.getByRole('table').locator('tbody tr')).toHaveCount(3);
    await expect(timeTable.getByRole('table').locator('tfoot')).toContainText(/\d+ (s|min)/);
    await expectAccessible(desk, 'insights, a table open');
    await screenshot(desk, info, `support-guide/insights-${info.project.name}.png`);

    // A range that is not one is refused with the reason, and what was typed stays.
    await desk.getByLabel('From', { exact: true }).fill('2026-03-02');
    await desk.getByLabel('To', { exact: true }).fill('2026-03-01');
    await desk.getByRole('button', { name: 'Show' }).click();
    await expect(desk.getByRole('alert').filter({ hasText: 'The start date is after the end date. Showing the last 30 days instead.' })).toBeVisible();
    await expect(desk.getByLabel('From', { exact: true })).toHaveValue('2026-03-02');
    await expect(desk.getByLabel('To', { exact: true })).toHaveValue('2026-03-01');
    // Thirty days are longer than a table's box: it scrolls, and a keyboard must be able to reach it to scroll.
    const funnel = desk.getByTestId('funnel');
    await funnel.getByText('Numbers as a table').click();
    const box = funnel.getByRole('table').locator('xpath=..');
    expect(await box.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
    await expectAccessible(desk, 'insights, thirty days, a scrolling table open');

    await desk.getByRole('button', { name: 'नेपाली' }).click();
    await expect(desk.getByRole('heading', { level: 1, name: 'विश्लेषण' })).toBeVisible();
    await expectAccessible(desk, 'insights in Nepali, range refused');
  });

  test('[USER] a customer who opens Insights is sent to their profile', async ({ page }) => {
    await signInAs(page, await createAccount());
    await page.goto('/support/insights');
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toHaveCount(0);
  });
});
