/**
 * The production server (`next start`, with its local dispatcher) killed with
 * SIGKILL in the middle of a run of change requests, then started again. Clients
 * retry what went unanswered with the same Idempotency-Key, as the app does.
 *
 * SMTP cannot be exactly-once across a crash: a message the sink accepted just
 * before the kill, but that the dead process had not yet recorded as sent, goes out
 * again when its lease ends. It goes out as the same message (Message-ID = the
 * outbox row), so a mailbox shows it once; this scenario checks that each request
 * has exactly one distinct message, none lost, and that raw redeliveries stay
 * within the one batch the dispatcher had in flight.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createApiAccounts, type ApiAccount } from '@/lib/test-support/api-accounts';
import { appScenario, builtApp, expectOneMessageEach, inWorkers } from './helpers';

const requests = 600;
const concurrency = 8;
const batchSize = 50;
const leaseSeconds = 5;

const scenario = appScenario();

it(`the app SIGKILLed in the middle of ${requests} change requests and restarted: each request ends with exactly one e-mail`, { timeout: 600_000 }, async () => {
  const { db, sink } = scenario;
  // The test client stands in for a proxy, spreading requests over client addresses (one address is capped per hour).
  const built = await builtApp(sink.port, { OUTBOX_BATCH_SIZE: String(batchSize), OUTBOX_LEASE_SECONDS: String(leaseSeconds), TRUSTED_PROXIES: '127.0.0.1' });
  const start = async () => (scenario.app = await built.start());
  await start();

  const accounts = await createApiAccounts(db, requests);
  const keys = new Map(accounts.map((account) => [account, randomUUID()]));
  const answered = new Map<ApiAccount, string>();
  let unanswered = 0;
  const submit = async (account: ApiAccount, index: number) => {
    try {
      const response = await fetch(`${scenario.app!.url}/api/v1/email-change`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${account.bearer}`,
          'content-type': 'application/json',
          'idempotency-key': keys.get(account)!,
          // Spread over client addresses, as through a proxy: one address is capped per hour.
          'x-forwarded-for': `10.8.${index >> 8}.${index & 255}`,
        },
        body: JSON.stringify({ email: `crash.${index}@example.com` }),
      });
      if (response.status === 202) answered.set(account, ((await response.json()) as { requestId: string }).requestId);
      else unanswered += 1;
    } catch {
      unanswered += 1; // the server died under this request
    }
  };

  // First pass: steady traffic; the kill lands once half the requests have been answered.
  let killed: Promise<void> | undefined;
  await inWorkers(accounts, concurrency, async (account, index) => {
    await submit(account, index);
    if (!killed && answered.size >= requests / 2) killed = scenario.app!.stop('SIGKILL');
  });
  await killed;
  expect(unanswered).toBeGreaterThan(0);

  // Started again; every request without an answer is sent again with its key.
  await start();
  for (let round = 0; round < 5 && answered.size < requests; round += 1) {
    await Promise.all(accounts.map((account, index) => (answered.has(account) ? undefined : submit(account, index))));
  }
  expect(answered.size).toBe(requests);

  const requestIds = [...answered.values()];
  await expectOneMessageEach(db, sink, requestIds);
  // One request per account, idempotency held across the crash.
  expect(await db.emailChangeRequest.count({ where: { userId: { in: accounts.map((account) => account.userId) } } })).toBe(requests);
  const redelivered = requestIds.reduce((sum, id) => sum + (sink.received.get(id) ?? 0) - 1, 0);
  console.log(
    `[crash] ${unanswered} requests unanswered by the killed server and retried; ${redelivered} same-message redeliveries after the restart; ${sink.aborted} SMTP transactions cut off by the kill`,
  );
  expect(redelivered).toBeLessThanOrEqual(batchSize);
});
