import { randomUUID } from 'node:crypto';
import { InngestTestEngine } from '@inngest/test';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealKey, seal } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { createInngest, createOutboxFunctions, outboxEvent, type InngestDeps } from '@/lib/jobs/inngest';
import { claimDue, enqueue } from '@/lib/jobs/outbox';
import { retentionDefaults } from '@/lib/env';
import { createTestUser, testDb } from '@/lib/test-support/db';

// The real functions and delivery code on the real database; only the SMTP
// side is swapped: a capturing transport for success, a closed port for failure.
describe('Inngest outbox functions', () => {
  let db: Db;
  const key = sealKey('inngest-test-secret-inngest-test-secret');
  const config = { appUrl: 'https://wallet.example.com', from: 'Wallet <no-reply@wallet.example.com>', sealKey: key, maxAttempts: 8 };
  const captured = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const closedPort = nodemailer.createTransport({ host: '127.0.0.1', port: 9, connectionTimeout: 500 });

  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  const functionsWith = (transport: InngestDeps['transport']) =>
    createOutboxFunctions(createInngest(), () => ({ db, transport, config, retention: retentionDefaults }));

  async function queuedMessage(createdAt = new Date()) {
    const user = await createTestUser(db);
    const row = await db.$transaction((tx) =>
      enqueue(tx, {
        recipient: `${randomUUID().slice(0, 8)}@example.com`,
        now: createdAt,
        payload: { kind: 'verify-email', userId: user.id, requestId: randomUUID(), displayName: 'Test', sealedToken: seal(key, 'x'.repeat(43)), sealedCode: seal(key, '123456'), expiresAt: new Date().toISOString() },
      }),
    );
    return row.id;
  }

  it('delivers the event’s row in a step and marks it sent', async () => {
    const outboxId = await queuedMessage();
    const t = new InngestTestEngine({ function: functionsWith(captured).deliverMessage });
    const { result, ctx } = await t.execute({ events: [{ name: outboxEvent, data: { outboxId } }] });
    expect(result).toEqual({ outboxId, outcome: 'sent' });
    expect(ctx.step.run).toHaveBeenCalledWith('send-email', expect.any(Function));
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it('skips a row that was already sent, so a duplicate event sends nothing', async () => {
    const outboxId = await queuedMessage();
    await new InngestTestEngine({ function: functionsWith(captured).deliverMessage }).execute({ events: [{ name: outboxEvent, data: { outboxId } }] });
    const again = await new InngestTestEngine({ function: functionsWith(captured).deliverMessage }).execute({ events: [{ name: outboxEvent, data: { outboxId } }] });
    expect(again.result).toEqual({ outboxId, outcome: 'skipped' });
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } })).attempts).toBe(1);
  });

  it('fails the step when SMTP is unreachable, leaving the row pending for Inngest’s retry', async () => {
    const outboxId = await queuedMessage();
    const t = new InngestTestEngine({ function: functionsWith(closedPort).deliverMessage });
    const { error } = await t.execute({ events: [{ name: outboxEvent, data: { outboxId } }] });
    expect(String((error as Error | undefined)?.message ?? error)).toContain(`sending outbox message ${outboxId} failed`);
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(row.lastError).toBeTruthy();
  });

  it('leaves a row another worker holds under lease, and takes it once the lease has run out', async () => {
    const outboxId = await queuedMessage();
    const now = new Date();
    // The local dispatcher (or a run that died) holds the row for a minute.
    expect((await claimDue(db, now, 500, 60_000)).map((row) => row.id)).toContain(outboxId);
    expect((await claimDue(db, new Date(now.getTime() + 30_000), 500, 60_000)).map((row) => row.id)).not.toContain(outboxId);
    const during = await new InngestTestEngine({ function: functionsWith(captured).deliverMessage }).execute({ events: [{ name: outboxEvent, data: { outboxId } }] });
    expect(during.result).toEqual({ outboxId, outcome: 'skipped' });
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({ status: 'PENDING', attempts: 1 });

    // A lease that ended is a worker that died: the row is taken again and the claim counts as an attempt.
    const [again] = (await claimDue(db, new Date(now.getTime() + 61_000), 500, 60_000)).filter((row) => row.id === outboxId);
    expect(again?.attempts).toBe(2);
    await db.outboxMessage.update({ where: { id: outboxId }, data: { claimedUntil: new Date(Date.now() - 1) } });
    const after = await new InngestTestEngine({ function: functionsWith(captured).deliverMessage }).execute({ events: [{ name: outboxEvent, data: { outboxId } }] });
    expect(after.result).toEqual({ outboxId, outcome: 'sent' });
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({ status: 'SENT', attempts: 3 });
  });

  it('the hourly prune runs the retention sweep in a step: a sent e-mail past its time is deleted, a queued one of the same age is kept', async () => {
    const [sent, queued] = [await queuedMessage(), await queuedMessage()];
    await db.outboxMessage.update({ where: { id: sent }, data: { status: 'SENT', sentAt: new Date() } });
    const old = new Date(Date.now() - (retentionDefaults.outboxDays + 1) * 86_400_000);
    await db.outboxMessage.updateMany({ where: { id: { in: [sent, queued] } }, data: { createdAt: old } });
    const { result, ctx } = await new InngestTestEngine({ function: functionsWith(captured).prune }).execute({ events: [{ name: 'inngest/scheduled.timer', data: {} }] });
    expect(ctx.step.run).toHaveBeenCalledWith('prune', expect.any(Function));
    expect((result as { outboxRows: number }).outboxRows).toBeGreaterThanOrEqual(1);
    expect(await db.outboxMessage.findMany({ where: { id: { in: [sent, queued] } }, select: { id: true } })).toEqual([{ id: queued }]);
    await db.outboxMessage.update({ where: { id: queued }, data: { status: 'FAILED' } });
  });

  it('the sweep publishes rows whose event never went out, once', async () => {
    const stale = await queuedMessage(new Date(Date.now() - 5 * 60_000));
    // Sending the events is Inngest's side (no server here): the engine records the call and answers it.
    const t = new InngestTestEngine({ function: functionsWith(captured).sweep, steps: [{ id: 'publish', handler: () => ({ ids: [] }) }] });
    const { ctx, result } = await t.execute({ events: [{ name: 'inngest/scheduled.timer', data: {} }] });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith('publish', expect.arrayContaining([{ id: `outbox-${stale}`, name: outboxEvent, data: { outboxId: stale } }]));
    expect((result as { published: number }).published).toBeGreaterThanOrEqual(1);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: stale } })).publishedAt).not.toBeNull();

    // The next minute's sweep leaves it alone: it was published once.
    const again = new InngestTestEngine({ function: functionsWith(captured).sweep, steps: [{ id: 'publish', handler: () => ({ ids: [] }) }] });
    const second = await again.execute({ events: [{ name: 'inngest/scheduled.timer', data: {} }] });
    const published = second.ctx.step.sendEvent.mock.calls.flatMap(([, events]) => [events].flat() as { id: string }[]).map((event) => event.id);
    expect(published).not.toContain(`outbox-${stale}`);
  });

  it('keeps its function ids (Inngest knows runs by them), and the sweep leaves rows younger than half a minute to the request that wrote them', async () => {
    const functions = functionsWith(captured);
    expect([functions.deliverMessage.id(), functions.sweep.id(), functions.prune.id()]).toEqual(['deliver-outbox-message', 'sweep-outbox', 'prune-history']);
    const fresh = await queuedMessage(new Date());
    const t = new InngestTestEngine({ function: functions.sweep, steps: [{ id: 'publish', handler: () => ({ ids: [] }) }] });
    const { ctx } = await t.execute({ events: [{ name: 'inngest/scheduled.timer', data: {} }] });
    const published = ctx.step.sendEvent.mock.calls.flatMap(([, events]) => [events].flat() as { id: string }[]).map((event) => event.id);
    expect(published).not.toContain(`outbox-${fresh}`);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: fresh } })).publishedAt).toBeNull();
  });
});
