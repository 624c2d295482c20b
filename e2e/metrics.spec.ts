import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { createAccount, reauthWithPassword, requestLink, signInAs, startEmailChange, uniqueAddress } from './fixtures/accounts';
import { testApp } from './fixtures/test-app';

/** The value of one series in Prometheus' text format (0 when it has not appeared yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}) {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `) ? wanted.every((label) => candidate.includes(label)) : false);
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

async function scrape(request: APIRequestContext) {
  const response = await request.get('/api/metrics', { headers: { authorization: `Bearer ${testApp.metricsToken}` } });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/plain');
  return response.text();
}

test.describe('DESIGN §7 metrics', () => {
  test('[OPS] the Prometheus endpoint needs its token, and its counters move with a journey: requests, deliveries, lock-outs', async ({ page, request }) => {
    expect((await request.get('/api/metrics')).status()).toBe(401);
    expect((await request.get('/api/metrics', { headers: { authorization: 'Bearer not-the-token-not-the-token' } })).status()).toBe(401);

    const before = await scrape(request);
    const account = await createAccount();
    await signInAs(page, account);
    const link = await requestLink(page, uniqueAddress('metrics'));
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm email' }).click();
    await expect(page).toHaveURL(/\/profile\?verified=1$/);

    // A second account locks itself out.
    const locked = await createAccount();
    await page.context().clearCookies();
    await signInAs(page, locked);
    await startEmailChange(page, uniqueAddress('locked'));
    for (let attempt = 0; attempt < 5; attempt += 1) await reauthWithPassword(page, 'wrong-password');
    await expect(page.getByText(/email changes are locked until/)).toBeVisible();

    const after = await scrape(request);
    const grew = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(grew('wallet_http_requests_total', { route: '/profile', method: 'GET', outcome: '2xx' })).toBeGreaterThanOrEqual(2);
    expect(grew('wallet_http_requests_total', { route: '/verify-email', method: 'GET', outcome: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(grew('wallet_http_request_duration_seconds_count', { route: '/sign-in', outcome: '2xx' })).toBeGreaterThanOrEqual(2);
    expect(grew('wallet_email_deliveries_total', { kind: 'verify-email', result: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(grew('wallet_email_delivery_seconds_count', { kind: 'verify-email' })).toBeGreaterThanOrEqual(1);
    expect(grew('wallet_audit_events_total', { type: 'reauth.ok' })).toBeGreaterThanOrEqual(1);
    expect(grew('wallet_audit_events_total', { type: 'reauth.locked' })).toBe(1);
    expect(after).toMatch(/^wallet_outbox_pending \d+$/m);
    expect(after).toMatch(/^wallet_outbox_oldest_pending_seconds [\d.e+-]+$/m);
  });
});
