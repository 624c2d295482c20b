/**
 * Retention never deletes what a live flow still needs (issue 18). Rows are aged
 * past every cutoff by SQL, the sweep runs twice with tiny batches, and then the
 * flows are finished for real: a pending change confirms by link and by code, an
 * e-mail queued for days (SMTP down) goes out with its link intact, an open undo
 * link undoes, a live session and a cooldown in force still hold. What has served
 * its purpose (settled e-mails, expired windows and challenges, ended sessions, old
 * audit events) is gone.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unseal } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { confirmEmailChange, confirmWithCode } from '@/lib/email-change/confirm';
import { undoChange } from '@/lib/email-change/recovery';
import { requestEmailChange, resendVerification } from '@/lib/email-change/request';
import { deliver } from '@/lib/jobs/deliver';
import { claimDue } from '@/lib/jobs/outbox';
import { pruneHistory, type RetentionConfig } from '@/lib/jobs/retention';
import { webSession } from '@/lib/auth/sessions';
import { testCodeKey, testDb, testSessionConfig } from '@/lib/test-support/db';
import { codeFor, context, key, privilegedAccount, recovery, tokenFor } from './helpers';

const day = 86_400_000;
// Everything settled for more than a day or two goes; batches of 2 make the sweep loop.
const aggressive: RetentionConfig = { outboxPayloadDays: 1, outboxDays: 2, sessionDays: 1, auditDays: 3, batchSize: 2 };
const address = (label: string) => `${label}.${randomUUID().slice(0, 8)}@example.com`;

describe('retention', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  const ago = (ms: number) => new Date(Date.now() - ms);
  const captured = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const delivery = { appUrl: 'https://wallet.example.com', from: 'Wallet <no-reply@wallet.example.com>', sealKey: key, maxAttempts: 50 };
  const deliverMine = async (requestId: string) => {
    for (const message of (await claimDue(db, new Date(), 500, 60_000)).filter((row) => row.requestId === requestId)) await deliver(db, captured, message, delivery);
  };

  it('sweeps what served its purpose, twice over, and every live flow still finishes', async () => {
    // 1. A change confirmed ten days ago: its e-mails are settled, its undo link (7 days) is still open.
    const owner = await privilegedAccount(db);
    const original = address('owner');
    await db.user.update({ where: { id: owner.user.id }, data: { email: original, emailVerifiedAt: new Date() } });
    const changed = await requestEmailChange(context(db), owner.actor, { email: address('new'), idempotencyKey: randomUUID() });
    if (!changed.ok) throw new Error(changed.code);
    const link = await tokenFor(db, changed.requestId);
    await deliverMine(changed.requestId);
    expect(await confirmEmailChange(db, { token: link, ...owner.actor, now: new Date(), recovery })).toMatchObject({ outcome: 'verified' });
    const notice = await db.outboxMessage.findFirstOrThrow({ where: { requestId: changed.requestId, kind: 'email-changed' } });
    const undoToken = unseal(key, (notice.payload as { sealedUndoToken: string }).sealedUndoToken);
    await deliverMine(changed.requestId);
    await db.outboxMessage.updateMany({ where: { requestId: changed.requestId }, data: { createdAt: ago(5 * day) } });

    // 2. A change pending now (link and code), whose first e-mail is settled and old.
    const pending = await privilegedAccount(db);
    const first = await requestEmailChange(context(db), pending.actor, { email: address('pending'), idempotencyKey: randomUUID() });
    if (!first.ok) throw new Error(first.code);
    const [pendingLink, pendingCode] = [await tokenFor(db, first.requestId), await codeFor(db, first.requestId)];
    await deliverMine(first.requestId);

    // 3. An e-mail queued five days ago and never sent (SMTP down all that time).
    const queued = await privilegedAccount(db);
    const stuck = await requestEmailChange(context(db), queued.actor, { email: address('queued'), idempotencyKey: randomUUID() });
    if (!stuck.ok) throw new Error(stuck.code);
    await db.outboxMessage.updateMany({ where: { requestId: stuck.requestId }, data: { createdAt: ago(5 * day), nextAttemptAt: ago(5 * day) } });
    const queuedBefore = await db.outboxMessage.findFirstOrThrow({ where: { requestId: stuck.requestId } });

    // 4. History past its time: a session that ended long ago, expired windows and challenges, old audit events.
    const gone = await privilegedAccount(db);
    await db.session.update({ where: { id: gone.actor.sessionId }, data: { expiresAt: ago(2 * day), endedAt: ago(2 * day) } });
    const oldEvents = await db.auditEvent.createManyAndReturn({ data: Array.from({ length: 5 }, () => ({ userId: gone.user.id, type: 'auth.signed_in', actor: 'system', createdAt: ago(4 * day) })), select: { id: true } });
    const windowKey = `retention-test:${randomUUID()}`;
    await db.rateLimit.createMany({ data: [{ key: `${windowKey}:old`, points: 1, expire: ago(1000) }, { key: `${windowKey}:live`, points: 1, expire: new Date(Date.now() + 60_000) }] });
    await db.webAuthnChallenge.createMany({
      data: [
        { userId: gone.user.id, purpose: 'reauth', challenge: `old-${randomUUID()}`, expiresAt: ago(1000) },
        { userId: gone.user.id, purpose: 'reauth', challenge: `live-${randomUUID()}`, expiresAt: new Date(Date.now() + 60_000) },
      ],
    });

    const first_ = await pruneHistory(db, new Date(), aggressive);
    const second = await pruneHistory(db, new Date(), aggressive);
    expect(first_.outboxPayloads + first_.outboxRows + first_.sessions + first_.auditEvents).toBeGreaterThanOrEqual(3 + 1 + 5);
    expect(second).toMatchObject({ outboxPayloads: 0, outboxRows: 0 });

    // Gone: the settled e-mails of the old change, the ended session, the old events, the expired window and challenge.
    expect(await db.outboxMessage.count({ where: { requestId: changed.requestId } })).toBe(0);
    expect(await db.session.findUnique({ where: { id: gone.actor.sessionId } })).toBeNull();
    expect(await db.auditEvent.count({ where: { id: { in: oldEvents.map((event) => event.id) } } })).toBe(0);
    expect(await db.rateLimit.findMany({ where: { key: { startsWith: windowKey } }, select: { key: true } })).toEqual([{ key: `${windowKey}:live` }]);
    expect(await db.webAuthnChallenge.findMany({ where: { userId: gone.user.id }, select: { challenge: true } })).toEqual([{ challenge: expect.stringMatching(/^live-/) }]);

    // Kept whole: the queued e-mail (its payload and sealed link included).
    expect(await db.outboxMessage.findFirstOrThrow({ where: { requestId: stuck.requestId } })).toEqual(queuedBefore);
    const stuckLink = await tokenFor(db, stuck.requestId);
    await deliverMine(stuck.requestId);
    expect(await db.outboxMessage.findFirstOrThrow({ where: { requestId: stuck.requestId } })).toMatchObject({ status: 'SENT' });
    expect(await confirmEmailChange(db, { token: stuckLink, ...queued.actor, now: new Date(), recovery })).toMatchObject({ outcome: 'verified' });

    // The pending change: its cooldown still holds, its code and its link still work.
    expect(await resendVerification(context(db), pending.actor, {})).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(await confirmWithCode(db, { ...pending.actor, code: pendingCode === '999999' ? '999998' : '999999', now: new Date(), recovery, codeKey: testCodeKey, maxCodeAttempts: 5 })).toMatchObject({ outcome: 'wrong_code' });
    expect(await confirmEmailChange(db, { token: pendingLink, ...pending.actor, now: new Date(), recovery })).toMatchObject({ outcome: 'verified' });

    // The open undo link, and the owner's live session until the undo ends it.
    expect(await webSession(db, { sessionId: owner.actor.sessionId, userId: owner.user.id, now: new Date(), config: testSessionConfig })).not.toBeNull();
    expect(await undoChange(db, { token: undoToken, meta: owner.actor.meta, now: new Date(), config: recovery })).toMatchObject({ outcome: 'undone' });
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.user.id } })).email).toBe(original);
  });
});
