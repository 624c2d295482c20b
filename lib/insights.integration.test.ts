import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import type { AuditType } from '@/lib/audit';
import { insights } from '@/lib/insights';
import { createTestUser, testDb } from '@/lib/test-support/db';

// Each test owns a stretch of 1990 that nothing else writes to, cleared before it runs,
// so its counts are exact however many other tests share the database.
const at = (iso: string) => new Date(iso);
async function clear(db: Db, from: string, to: string) {
  await db.auditEvent.deleteMany({ where: { createdAt: { gte: at(from), lt: at(to) } } });
  await db.emailChangeRequest.deleteMany({ where: { consumedAt: { gte: at(from), lt: at(to) } } });
}

describe('insights', () => {
  let db: Db;
  let userId: string;
  beforeAll(async () => {
    db = testDb();
    userId = (await createTestUser(db)).id;
  });
  afterAll(() => db.$disconnect());

  const event = (type: AuditType, iso: string, detail: object = {}) => ({ type, userId, actor: 'system', detail, createdAt: at(iso) });

  /** A request made at `requestedAt`, confirmed at `verifiedAt`, with the events the app writes. */
  async function verifiedChange(requestedAt: string, verifiedAt: string) {
    const request = await db.emailChangeRequest.create({
      data: {
        userId,
        newEmail: `i.${randomUUID()}@example.com`,
        tokenHash: randomUUID(),
        idempotencyKey: randomUUID(),
        expiresAt: at(verifiedAt),
        ip: '203.0.113.9',
        userAgent: 'vitest',
        createdAt: at(requestedAt),
        status: 'VERIFIED',
        consumedAt: at(verifiedAt),
      },
    });
    await db.auditEvent.createMany({
      data: [
        event('email.requested', requestedAt, { requestId: request.id }),
        event('email.sent', requestedAt, { kind: 'verify-email', outboxId: randomUUID() }),
        event('email.verified', verifiedAt, { requestId: request.id }),
      ],
    });
    return request;
  }

  it('counts each day of the funnel and the failures on Nepal days, with empty days as zeros', async () => {
    await clear(db, '1990-01-01T00:00:00Z', '1990-01-10T00:00:00Z');
    // 1990-01-02 18:14 UTC is 23:59 in Nepal; 18:15 UTC is already the 3rd there.
    await verifiedChange('1990-01-02T18:14:00Z', '1990-01-02T18:14:30Z');
    await verifiedChange('1990-01-02T18:15:00Z', '1990-01-02T18:20:00Z');
    await db.auditEvent.createMany({
      data: [
        event('email.requested', '1990-01-04T06:00:00Z', { requestId: randomUUID() }),
        event('email.sent', '1990-01-04T06:00:01Z', { kind: 'email-changed', outboxId: randomUUID() }),
        event('email.failed', '1990-01-04T06:00:02Z', { kind: 'verify-email' }),
        event('email.bounced', '1990-01-04T06:00:03Z', { kind: 'verify-email' }),
        event('email.expired', '1990-01-04T06:00:04Z', { requestId: randomUUID() }),
        event('reauth.locked', '1990-01-04T06:00:05Z'),
        event('reauth.locked', '1990-01-04T06:00:06Z'),
        event('email.code_locked', '1990-01-04T06:00:07Z'),
        event('recovery.undone', '1990-01-04T06:00:08Z'),
        event('recovery.conflict', '1990-01-04T06:00:09Z'),
        event('reauth.failed', '1990-01-04T06:00:10Z'),
        // The day before the range starts and the first instant after it ends (Nepal time).
        event('email.requested', '1990-01-01T18:14:59Z'),
        event('email.requested', '1990-01-04T18:15:00Z'),
      ],
    });

    const result = await insights(db, { from: '1990-01-02', to: '1990-01-04' });
    const none = { requested: 0, sent: 0, verified: 0, failed: 0, bounced: 0, expired: 0, reauthLocked: 0, codeLocked: 0, recoveries: 0 };
    expect(result.days).toEqual([
      { ...none, day: '1990-01-02', requested: 1, sent: 1, verified: 1 },
      { ...none, day: '1990-01-03', requested: 1, sent: 1, verified: 1 },
      { ...none, day: '1990-01-04', requested: 1, failed: 1, bounced: 1, expired: 1, reauthLocked: 2, codeLocked: 1, recoveries: 2 },
    ]);
    expect(result.totals).toEqual({ requested: 3, sent: 2, verified: 2, failed: 1, bounced: 1, expired: 1, reauthLocked: 2, codeLocked: 1, recoveries: 2 });
    // The event just past the range is the next Nepal day's.
    expect((await insights(db, { from: '1990-01-05', to: '1990-01-06' })).days).toEqual([
      { ...none, day: '1990-01-05', requested: 1 },
      { ...none, day: '1990-01-06' },
    ]);
  });

  it('gives the median and 90th percentile time to verify per day and over the range', async () => {
    await clear(db, '1990-02-01T00:00:00Z', '1990-02-10T00:00:00Z');
    // Day one: 10 confirmations taking 1..10 minutes. Day two: one taking an hour.
    for (let minutes = 1; minutes <= 10; minutes += 1) {
      await verifiedChange('1990-02-02T06:00:00Z', new Date(Date.parse('1990-02-02T06:00:00Z') + minutes * 60_000).toISOString());
    }
    await verifiedChange('1990-02-03T06:00:00Z', '1990-02-03T07:00:00Z');
    // A request that ended any other way is no confirmation.
    const cancelled = await verifiedChange('1990-02-03T06:00:00Z', '1990-02-03T06:01:00Z');
    await db.emailChangeRequest.update({ where: { id: cancelled.id }, data: { status: 'CANCELLED' } });

    const { timeToVerify } = await insights(db, { from: '1990-02-02', to: '1990-02-04' });
    // percentile_cont interpolates: the median of 60..600 s is 330 s, the 90th percentile 546 s.
    expect(timeToVerify.days).toEqual([
      { day: '1990-02-02', verified: 10, medianSeconds: 330, p90Seconds: 546 },
      { day: '1990-02-03', verified: 1, medianSeconds: 3600, p90Seconds: 3600 },
      { day: '1990-02-04', verified: 0, medianSeconds: null, p90Seconds: null },
    ]);
    // Over 60..600 and 3600 (11 values): the median is 360 s, the 90th percentile 600 s.
    expect(timeToVerify.overall).toEqual({ verified: 11, medianSeconds: 360, p90Seconds: 600 });
  });

  // Integration files run one at a time; the row's next attempt is far off, so no dispatcher takes it meanwhile.
  it('reports the outbox as it is now: what waits, and since when', async () => {
    const since = at('1990-03-01T00:00:00Z');
    const before = await insights(db, { from: '1990-03-01', to: '1990-03-01' });
    const row = await db.outboxMessage.create({ data: { kind: 'verify-email', recipient: `o.${randomUUID()}@example.com`, payload: {}, createdAt: since, nextAttemptAt: at('2999-01-01T00:00:00Z') } });
    try {
      const after = await insights(db, { from: '1990-03-01', to: '1990-03-01' });
      expect(after.outbox.waiting).toBe(before.outbox.waiting + 1);
      expect(after.outbox.oldestSince).toEqual(since);
    } finally {
      await db.outboxMessage.delete({ where: { id: row.id } });
    }
  });
});
