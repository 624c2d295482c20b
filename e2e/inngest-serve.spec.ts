import { createHmac, randomUUID } from 'node:crypto';
import { expect, test } from './fixtures/test';
import { createAccount, sql, uniqueAddress } from './fixtures/accounts';
import { waitForMessage } from './fixtures/inbox';
import { testApp } from './fixtures/test-app';

// RFC 8785-style canonical JSON, as the Inngest SDK signs it: keys sorted at every level.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function signature(body: unknown, at = Math.floor(Date.now() / 1000)) {
  const key = testApp.inngestSigningKey.replace(/^signkey-\w+-/, '');
  const digest = createHmac('sha256', key).update(canonical(body)).update(String(at)).digest('hex');
  return `t=${at}&s=${digest}`;
}

/** An outbox row the local dispatcher leaves alone (due in a day), so only Inngest's call can send it. */
async function parkedMessage(recipient: string) {
  const account = await createAccount();
  const id = randomUUID();
  // The one kind that carries no sealed secret, so the test can write it without the app's key.
  const payload = { kind: 'email-restored', userId: account.id, displayName: account.displayName, undoneAt: new Date().toISOString(), restored: true };
  await sql().query(
    `INSERT INTO outbox_messages (id, kind, recipient, payload, next_attempt_at) VALUES ($1, 'email-restored', $2, $3, now() + interval '1 day')`,
    [id, recipient, payload],
  );
  return id;
}

function runRequest(outboxId: string) {
  const event = { name: 'wallet/outbox.message.created', data: { outboxId }, id: `outbox-${outboxId}`, ts: Date.now() };
  return {
    event,
    events: [event],
    steps: {},
    ctx: { run_id: `run-${outboxId}`, attempt: 0, disable_immediate_execution: false, use_api: false, stack: { stack: [], current: 0 } },
    version: 1,
  };
}

const endpoint = `/api/inngest?fnId=wallet-email-deliver-outbox-message&stepId=step`;

test.describe('Inngest serve endpoint', () => {
  test('[INNGEST] a correctly signed call runs the delivery function and the e-mail arrives', async ({ request }) => {
    const recipient = uniqueAddress('inngest');
    const outboxId = await parkedMessage(recipient);
    const body = runRequest(outboxId);
    const response = await request.post(endpoint, {
      data: canonical(body),
      headers: { 'content-type': 'application/json', 'x-inngest-signature': signature(body) },
    });
    expect([200, 206]).toContain(response.status());
    expect(await response.text()).toContain('sent');

    const message = await waitForMessage(recipient, /A change to your Wallet email was undone/);
    expect(message.headers['x-wallet-outbox-id']).toBe(outboxId);
    const { rows } = await sql().query(`SELECT status, attempts FROM outbox_messages WHERE id = $1`, [outboxId]);
    expect(rows[0]).toEqual({ status: 'SENT', attempts: 1 });
  });

  test('[INNGEST] unsigned and wrongly signed calls are refused and send nothing', async ({ request }) => {
    const recipient = uniqueAddress('forged');
    const outboxId = await parkedMessage(recipient);
    const body = runRequest(outboxId);
    const unsigned = await request.post(endpoint, { data: canonical(body), headers: { 'content-type': 'application/json' } });
    expect(unsigned.status()).toBe(401);
    const forged = await request.post(endpoint, {
      data: canonical(body),
      headers: { 'content-type': 'application/json', 'x-inngest-signature': signature({ ...body, steps: { tampered: true } }) },
    });
    expect(forged.status()).toBe(401);
    const { rows } = await sql().query(`SELECT status, attempts FROM outbox_messages WHERE id = $1`, [outboxId]);
    expect(rows[0]).toEqual({ status: 'PENDING', attempts: 0 });
  });
});
