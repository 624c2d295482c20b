import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sealKey } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { requestEmailChange } from '@/lib/email-change/request';
import { startLocalDispatcher } from '@/lib/jobs/local-dispatcher';
import { createTransport } from '@/lib/mailer';
import { testDb } from '@/lib/test-support/db';
import { freePort } from '@/scripts/support/ports';
import { context, privilegedAccount } from './helpers';
import { SmtpSink } from '@/scripts/support/smtp-sink';

const requests = 2_000;
const outageMs = 30_000;

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

it(`${requests} change requests with SMTP down for ${outageMs / 1000} s in the middle: each delivered exactly once`, { timeout: 600_000 }, async () => {
  const sink = new SmtpSink(await freePort());
  await sink.start();
  const dispatcher = startLocalDispatcher({
    db,
    transport: createTransport(`smtp://127.0.0.1:${sink.port}`),
    config: { appUrl: 'http://localhost:3000', from: 'Wallet <no-reply@wallet.localhost>', sealKey: sealKey('reliability-secret-reliability-secret'), maxAttempts: 30 },
    pollMs: 100,
    batchSize: 50,
  });

  const accounts = [];
  for (let index = 0; index < requests; index += 100) {
    accounts.push(...(await Promise.all(Array.from({ length: Math.min(100, requests - index) }, () => privilegedAccount(db)))));
  }
  const requestIds: string[] = [];
  let outageOver: Promise<void> | undefined;
  for (let index = 0; index < accounts.length; index += 50) {
    if (index === requests / 2) {
      await sink.stop();
      outageOver = new Promise((resolve) => setTimeout(() => void sink.start().then(resolve), outageMs));
    }
    const batch = await Promise.all(
      accounts.slice(index, index + 50).map(({ actor, user }, offset) =>
        // Spread over many client addresses, as real traffic is; one IP is capped per hour.
        requestEmailChange(context(db), { ...actor, meta: { ...actor.meta, ip: `10.9.${(index + offset) >> 8}.${(index + offset) & 255}` } }, {
          email: `outage.${user.id}@example.com`,
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    for (const result of batch) {
      if (!result.ok) throw new Error(`request refused: ${result.code}`);
      requestIds.push(result.requestId);
    }
    dispatcher.nudge();
  }
  await outageOver;

  // Wait until the outbox has nothing left to send for these requests.
  const deadline = Date.now() + 300_000;
  for (;;) {
    const open = await db.outboxMessage.count({ where: { requestId: { in: requestIds }, status: 'PENDING' } });
    if (open === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await dispatcher.stop();
  await sink.stop();

  // Anything not sent, with what the outbox knows of it, so a failure says where it stuck.
  const unsent = await db.outboxMessage.findMany({
    where: { requestId: { in: requestIds }, status: { not: 'SENT' } },
    select: { status: true, attempts: true, claimedUntil: true, nextAttemptAt: true, lastError: true, requestId: true },
  });
  const delivered = unsent.filter((row) => sink.received.has(row.requestId!)).length;
  expect(unsent, `${unsent.length} not sent at ${new Date().toISOString()} (${delivered} of them reached the server): ${JSON.stringify(unsent.slice(0, 5))}`).toEqual([]);
  const missing = requestIds.filter((id) => !sink.received.has(id));
  const doubled = requestIds.filter((id) => (sink.received.get(id) ?? 0) > 1);
  expect({ missing: missing.length, doubled: doubled.length }).toEqual({ missing: 0, doubled: 0 });
  // The outage really happened: some sends had to be retried.
  expect(await db.outboxMessage.count({ where: { requestId: { in: requestIds }, attempts: { gt: 1 } } })).toBeGreaterThan(0);
});
