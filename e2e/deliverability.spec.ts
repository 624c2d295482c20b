import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import nodemailer from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { expect, test } from './fixtures/test';
import { createAccount, openEmailChange, reauthWithPassword, requestLink, signInAs, startEmailChange } from './fixtures/accounts';
import { ApiClient } from './fixtures/api';
import { waitForMessage, type InboxMessage } from './fixtures/inbox';
import { testApp } from './fixtures/test-app';

// The e2e server's own DNS server (scripts/start.ts --test) gives every domain a mail
// server except this one.
const noMailDomain = 'no-mail.test';
const label = () => randomUUID().slice(0, 8);

test.describe('deliverability: a wrong address is caught before or at the first send', () => {
  test('[USER] typed gmial.com: “Did you mean …?” with one tap fixes it, and the link goes to the address they meant', async ({ page }) => {
    const account = await createAccount();
    const local = `sita.${label()}`;
    await signInAs(page, account);
    await openEmailChange(page);
    await page.getByLabel('Email address').fill(`${local}@gmial.com`);
    // The form said so before sending anything; the address is what they typed until they choose.
    const suggestion = page.getByTestId('suggestion');
    await expect(suggestion).toContainText(`Did you mean ${local}@gmail.com?`);
    await expect(page.getByLabel('Email address')).toHaveValue(`${local}@gmial.com`);

    // Sent as typed, it is refused (typo domains are registered to catch mail), and the one tap stays.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText(`We can’t send to “gmial.com”: it isn’t a mail provider you can keep. Did you mean ${local}@gmail.com?`)).toBeVisible();
    await expect(suggestion.getByRole('button', { name: 'Keep what I typed' })).toHaveCount(0);
    await suggestion.getByRole('button', { name: `Use ${local}@gmail.com` }).click();
    await expect(page.getByText('We can’t send to “gmial.com”', { exact: false })).toHaveCount(0);
    await expect(page.getByLabel('Email address')).toHaveValue(`${local}@gmail.com`);
    await expect(suggestion).toHaveCount(0);
    await page.getByRole('button', { name: 'Continue' }).click();
    await reauthWithPassword(page);
    await expect(page.getByTestId('link-sent')).toContainText(`${local}@gmail.com`);
    await waitForMessage(`${local}@gmail.com`, /Confirm your email address/);
  });

  test('[USER] a suggestion never blocks: “Keep what I typed” sends to the address as typed', async ({ page }) => {
    const account = await createAccount();
    const address = `ram.${label()}@wlink.com.nb`;
    await signInAs(page, account);
    await openEmailChange(page);
    await page.getByLabel('Email address').fill(address);
    await expect(page.getByTestId('suggestion')).toContainText(`Did you mean ${address.replace('.nb', '.np')}?`);
    await page.getByTestId('suggestion').getByRole('button', { name: 'Keep what I typed' }).click();
    await expect(page.getByTestId('suggestion')).toHaveCount(0);
    await page.getByRole('button', { name: 'Continue' }).click();
    await reauthWithPassword(page);
    await expect(page.getByTestId('link-sent')).toContainText(address);
    await waitForMessage(address, /Confirm your email address/);
  });

  test('[USER] a domain with no mail server and a throwaway address are refused before the password, keeping what was typed', async ({ page }) => {
    const account = await createAccount();
    await signInAs(page, account);
    await startEmailChange(page, `hari@${noMailDomain}`);
    await expect(page.getByText(`No mail server answers for “${noMailDomain}”. Check the part after the @.`)).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveValue(`hari@${noMailDomain}`);
    await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toHaveCount(0);

    await page.getByLabel('Email address').fill('hari@mailinator.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('This looks like a throwaway address.')).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveValue('hari@mailinator.com');
    await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toHaveCount(0);
  });

  test('[API] the app gets the same answers: /email-change/check, and the refusals’ codes', async ({ request }) => {
    const api = new ApiClient(request);
    await api.signIn((await createAccount()).mobileNumber);
    const check = (email: string) => api.call('POST', '/email-change/check', { data: { email } });
    expect((await check('sita@wlink.com.nb')).body).toEqual({ email: 'sita@wlink.com.nb', suggestion: 'sita@wlink.com.np', disposable: false, mailServer: 'yes' });
    // Typo domains are registered by others to catch mail: the list holds them as throwaway.
    expect((await check('sita@gmial.com')).body).toMatchObject({ suggestion: 'sita@gmail.com', disposable: true });
    expect((await check(`hari@${noMailDomain}`)).body).toMatchObject({ suggestion: null, disposable: false, mailServer: 'none' });
    expect((await check('hari@mailinator.com')).body).toMatchObject({ disposable: true });
    expect((await check('not-an-address')).body.code).toBe('invalid_email');

    const change = (email: string) => api.call('POST', '/email-change', { data: { email }, headers: { 'idempotency-key': randomUUID() } });
    expect((await change(`hari@${noMailDomain}`)).body).toMatchObject({ code: 'no_mail_server', errors: [{ field: 'email' }] });
    expect((await change('hari@mailinator.com')).body.code).toBe('disposable_email');
    expect((await change('hari@gmial.com')).body).toMatchObject({ code: 'disposable_email', suggestion: 'hari@gmail.com' });
    // Refused before re-auth: the app learns the address is wrong before asking for the password.
    expect((await change(`hari.${label()}@wlink.com.nb`)).body.code).toBe('reauth_required');
  });
});

/** The outbox id of a delivered message, from the Message-ID we give every message. */
const outboxId = (message: InboxMessage) => /^<([0-9a-f-]{36})@wallet-email>$/.exec(message.headers['message-id']!)![1]!;

async function sendBounceWebhook(request: APIRequestContext, event: object, secret = testApp.bounceWebhookSecret) {
  const id = `msg_${label()}`;
  const body = JSON.stringify(event);
  const at = new Date();
  const signature = new Webhook(secret).sign(id, at, body);
  return request.post('/api/webhooks/bounces', {
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature },
    data: Buffer.from(body),
  });
}

test.describe('bounces after the mail server accepted the message', () => {
  test('[USER] the provider reports a bounce: the profile says the server refused the address and offers to change it; support sees why', async ({ page, request, browser }) => {
    const account = await createAccount({ displayName: 'Gita Karki' });
    const address = `gita.${label()}@example.com`;
    await signInAs(page, account);
    await requestLink(page, address);
    const message = await waitForMessage(address, /Confirm your email address/);
    const event = { type: 'email.bounced', data: { message_id: message.headers['message-id'], recipient: address, reason: '550 5.1.1 The email account that you tried to reach does not exist', permanent: true } };

    // A forged report changes nothing; a signed one is recorded once, however often it comes.
    expect((await sendBounceWebhook(request, event, 'whsec_' + Buffer.from('not-the-secret-not-the-secret-32').toString('base64'))).status()).toBe(401);
    expect(await (await sendBounceWebhook(request, event)).json()).toEqual({ result: 'recorded' });
    expect(await (await sendBounceWebhook(request, event)).json()).toEqual({ result: 'already_recorded' });

    await page.goto('/profile');
    const pending = page.getByTestId('pending-email');
    await expect(pending.getByText('Refused', { exact: true })).toBeVisible();
    await expect(pending.getByTestId('delivery')).toHaveText(
      `The mail server for example.com refused this address: “550 5.1.1 The email account that you tried to reach does not exist”. Check the address and change it.`,
    );
    await expect(pending.getByRole('button', { name: /Resend/ })).toHaveCount(0);
    await pending.getByRole('link', { name: 'Change the address' }).click();
    await expect(page.getByLabel('Email address')).toBeVisible();

    const desk = await (await browser.newContext()).newPage();
    await signInAs(desk, await createAccount({ role: 'STAFF' }), '/support');
    await desk.getByLabel('Mobile number or email').fill(account.mobileNumber);
    await desk.getByRole('button', { name: 'Search' }).click();
    const card = desk.getByRole('article', { name: 'Gita Karki' });
    await expect(card.getByText('Bounced', { exact: true })).toBeVisible();
    await expect(card.getByText('Mail server said: 550 5.1.1 The email account that you tried to reach does not exist')).toBeVisible();
    await expect(card.getByTestId('activity').filter({ hasText: 'Email bounced after it was sent' })).toHaveCount(1);
  });

  test('[USER] a delivery-status notification mailed to the VERP return path marks the message bounced', async ({ page }) => {
    const account = await createAccount();
    const address = `hom.${label()}@example.com`;
    await signInAs(page, account);
    await requestLink(page, address);
    const message = await waitForMessage(address, /Confirm your email address/);
    const id = outboxId(message);
    // Every message goes out with its own return path, so its bounce names it.
    expect(message.envelope.from.address).toBe(`bounce+${id}@bounces.wallet.test`);

    // The recipient's server sends an RFC 3464 report to that address, at the dispatcher's listener.
    const mta = nodemailer.createTransport({ host: '127.0.0.1', port: testApp.bouncePort, secure: false, ignoreTLS: true });
    try {
      await mta.sendMail({
        from: 'MAILER-DAEMON@mx.example.com',
        to: `bounce+${id}@bounces.wallet.test`,
        subject: 'Undelivered Mail Returned to Sender',
        text: 'I am sorry to have to inform you that your message could not be delivered.',
        attachments: [
          {
            contentType: 'message/delivery-status',
            content: ['Reporting-MTA: dns; mx.example.com', '', `Final-Recipient: rfc822; ${address}`, 'Action: failed', 'Status: 5.2.1', 'Diagnostic-Code: smtp; 550 5.2.1 mailbox disabled', ''].join('\r\n'),
          },
        ],
      });
    } finally {
      mta.close();
    }
    await expect(async () => {
      await page.goto('/profile');
      await expect(page.getByTestId('delivery')).toContainText('refused this address: “550 5.2.1 mailbox disabled”', { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  });
});
