import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { retentionDefaults } from '@/lib/env';
import { startLocalDispatcher } from '@/lib/jobs/local-dispatcher';
import { enqueue } from '@/lib/jobs/outbox';
import { createTransport } from '@/lib/mailer';
import { createTestUser, testDb } from '@/lib/test-support/db';
import { sealKey } from '@/lib/crypto/seal';
import { freePort } from '@/scripts/support/ports';
import { SmtpSink } from '@/scripts/support/smtp-sink';

// The real dispatcher loop, the real database and a real SMTP server.
describe('local dispatcher', () => {
  let db: Db;
  let sink: SmtpSink;
  const config = { appUrl: 'http://localhost:3000', from: 'Wallet <no-reply@wallet.localhost>', sealKey: sealKey('dispatcher-secret-dispatcher-secret'), maxAttempts: 3 };
  beforeAll(async () => {
    db = testDb();
    sink = new SmtpSink(await freePort());
    await sink.start();
  });
  afterAll(async () => {
    await sink.stop();
    await db.$disconnect();
  });

  /** Notices with no secret to seal: the dispatcher only has to claim, send and record them. */
  async function queue(count: number, requestId = randomUUID()) {
    const user = await createTestUser(db);
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const row = await db.$transaction((tx) =>
        enqueue(tx, { recipient: `${randomUUID().slice(0, 8)}@example.com`, now: new Date(), payload: { kind: 'email-restored', userId: user.id, displayName: 'Test', undoneAt: new Date().toISOString(), restored: true } }),
      );
      ids.push(row.id);
    }
    return { ids, requestId };
  }
  const sent = (ids: string[]) => db.outboxMessage.count({ where: { id: { in: ids }, status: 'SENT' } });
  const until = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it('runs the retention sweep in its loop, once per period: a sent e-mail past its time goes, a queued one of the same age stays', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const { ids: [settled, queued] } = await queue(2);
    const old = new Date(Date.now() - (retentionDefaults.outboxDays + 1) * 86_400_000);
    await db.outboxMessage.update({ where: { id: settled }, data: { status: 'SENT', sentAt: old } });
    // Queued long ago but not due yet (a retry backing off): the sweep must leave it, and so must delivery.
    await db.outboxMessage.update({ where: { id: queued }, data: { nextAttemptAt: new Date(Date.now() + 3_600_000) } });
    await db.outboxMessage.updateMany({ where: { id: { in: [settled!, queued!] } }, data: { createdAt: old } });
    const dispatcher = startLocalDispatcher({ db, transport, config, pollMs: 3_600_000, batchSize: 50, retention: { config: retentionDefaults, everyMs: 3_600_000 } });
    try {
      dispatcher.nudge();
      await until(async () => (await db.outboxMessage.count({ where: { id: settled } })) === 0);
      expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: queued } })).toMatchObject({ status: 'PENDING' });
      // Within the period the next pass delivers but does not sweep: a row aged now waits for the next hour.
      const { ids: [later, due] } = await queue(2);
      await db.outboxMessage.update({ where: { id: later }, data: { status: 'SENT', sentAt: old, createdAt: old } });
      dispatcher.nudge();
      await until(async () => (await sent([due!])) === 1);
      await dispatcher.stop(); // waits for the pass to end, its sweep (if any) included
      expect(await db.outboxMessage.count({ where: { id: later } })).toBe(1);
    } finally {
      await dispatcher.stop();
      transport.close();
      await db.outboxMessage.update({ where: { id: queued }, data: { status: 'FAILED' } });
    }
  });

  it('a nudge sends what is due at once, in batches until nothing is left, and records each as sent', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const { ids } = await queue(7);
    // A poll so slow it never fires here: only the nudge can send them.
    const dispatcher = startLocalDispatcher({ db, transport, config, pollMs: 3_600_000, batchSize: 3 });
    try {
      dispatcher.nudge();
      dispatcher.nudge();
      await until(async () => (await sent(ids)) === ids.length);
      const rows = await db.outboxMessage.findMany({ where: { id: { in: ids } } });
      expect(rows.every((row) => row.attempts === 1 && row.sentAt && row.claimedUntil === null)).toBe(true);
      expect(await db.auditEvent.count({ where: { type: 'email.sent', detail: { path: ['outboxId'], equals: ids[0] } } })).toBe(1);
    } finally {
      await dispatcher.stop();
      transport.close();
    }
  });

  it('without a nudge, the poll finds what is due', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const { ids } = await queue(2);
    const dispatcher = startLocalDispatcher({ db, transport, config, pollMs: 50, batchSize: 10 });
    try {
      await until(async () => (await sent(ids)) === ids.length);
    } finally {
      await dispatcher.stop();
      transport.close();
    }
  });

  it('an unreachable server is retried later, not marked sent; stop() waits for the round in progress', async () => {
    const closed = createTransport(`smtp://127.0.0.1:${await freePort()}`);
    const { ids } = await queue(1);
    const errors: unknown[] = [];
    const dispatcher = startLocalDispatcher({ db, transport: closed, config, pollMs: 3_600_000, batchSize: 10, onError: (error) => errors.push(error) });
    dispatcher.nudge();
    await until(async () => (await db.outboxMessage.findUniqueOrThrow({ where: { id: ids[0] } })).lastError !== null);
    await dispatcher.stop();
    closed.close();
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, claimedUntil: null });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(errors).toEqual([]);
  });

  it('a failing round is reported, and the loop goes on', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const errors: unknown[] = [];
    // A database that refuses the claim once, then works.
    let refuse = true;
    const flaky = new Proxy(db, {
      get(target, property, receiver) {
        if (property === '$queryRaw' && refuse) {
          refuse = false;
          return () => Promise.reject(new Error('database away'));
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { ids } = await queue(1);
    const dispatcher = startLocalDispatcher({ db: flaky, transport, config, pollMs: 50, batchSize: 10, onError: (error) => errors.push(error) });
    try {
      await until(async () => (await sent(ids)) === 1);
      expect(errors).toEqual([expect.objectContaining({ message: 'database away' })]);
    } finally {
      await dispatcher.stop();
      transport.close();
    }
  });
});
