/**
 * A mail server that refuses some recipients for good (550: no such user) and others
 * for now (451: try later), through the real local dispatcher: the 550s fail on their
 * first attempt with the server's reason kept, the 451s are delivered once the server
 * recovers, and nothing else changes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { requestEmailChange } from '@/lib/email-change/request';
import { startLocalDispatcher } from '@/lib/jobs/local-dispatcher';
import { createTransport } from '@/lib/mailer';
import { testDb } from '@/lib/test-support/db';
import { freePort } from '@/scripts/support/ports';
import { SmtpSink } from '@/scripts/support/smtp-sink';
import { context, key, privilegedAccount } from './helpers';

let db: Db;
let busy = true;
let sink: SmtpSink;
beforeAll(async () => {
  db = testDb();
  sink = new SmtpSink(await freePort(), undefined, (recipient) => {
    if (recipient.startsWith('nobody.')) return { code: 550, message: '5.1.1 User unknown' };
    if (recipient.startsWith('busy.') && busy) return { code: 451, message: '4.3.2 System not accepting network messages' };
    return null;
  });
  await sink.start();
});
afterAll(async () => {
  await sink.stop();
  await db.$disconnect();
});

it('550s fail at once with their reason; 451s are delivered after the server recovers; the rest go out once', { timeout: 180_000 }, async () => {
  const kinds = [...Array(6).fill('nobody'), ...Array(6).fill('busy'), ...Array(8).fill('fine')] as string[];
  const requests = new Map<string, string>();
  for (const kind of kinds) {
    const { actor } = await privilegedAccount(db);
    const result = await requestEmailChange(context(db), actor, { email: `${kind}.${randomUUID().slice(0, 8)}@example.com`, idempotencyKey: randomUUID() });
    if (!result.ok) throw new Error(result.code);
    requests.set(result.requestId, kind);
  }
  const ids = [...requests.keys()];
  const rows = () => db.outboxMessage.findMany({ where: { requestId: { in: ids } } });
  const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
  const dispatcher = startLocalDispatcher({ db, transport, config: { appUrl: 'http://localhost:3000', from: 'Wallet <no-reply@wallet.localhost>', sealKey: key, maxAttempts: 8 }, pollMs: 100, batchSize: 50 });
  try {
    dispatcher.nudge();
    // First round: the 550s are failed for good, the 451s wait, the rest are sent.
    await expect.poll(async () => (await rows()).filter((row) => row.status !== 'PENDING').length, { timeout: 30_000 }).toBe(14);
    const first = await rows();
    for (const row of first) {
      const kind = requests.get(row.requestId!);
      if (kind === 'nobody') expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastError: '550 5.1.1 User unknown' });
      if (kind === 'busy') expect(row).toMatchObject({ status: 'PENDING', lastError: '451 4.3.2 System not accepting network messages' });
      if (kind === 'fine') expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
    }
    busy = false;
    // The server has recovered. Rather than wait out the backoff (it doubles with each
    // refusal: after four, the next try is 16-40 s away, and on a loaded machine more
    // refusals happen before this point), the waiting rows are made due now; the backoff
    // itself is lib/jobs/outbox.test.ts's. What this checks: they are retried and delivered.
    await db.outboxMessage.updateMany({ where: { requestId: { in: ids }, status: 'PENDING' }, data: { nextAttemptAt: new Date() } });
    dispatcher.nudge();
    await expect.poll(async () => (await rows()).filter((row) => row.status === 'SENT').length, { timeout: 60_000 }).toBe(14);
  } finally {
    await dispatcher.stop();
    transport.close();
  }
  const last = await rows();
  expect(last.filter((row) => row.status === 'FAILED').map((row) => requests.get(row.requestId!))).toEqual(Array(6).fill('nobody'));
  for (const id of ids) expect(sink.received.get(id) ?? 0).toBe(requests.get(id) === 'nobody' ? 0 : 1);
});
