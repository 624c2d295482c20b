import { randomUUID } from 'node:crypto';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { createTestUser, testDb } from '@/lib/test-support/db';
import { setRollout } from './index';
import { DatabaseFlagProvider } from './provider';
import { inRollout } from './rollout';

const meta = { ip: '203.0.113.9', userAgent: 'vitest' };

describe('feature flags in the database, read through OpenFeature', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  it('is on by default, off with the kill switch, and at a percentage lets in the same accounts every time', async () => {
    const flag = `test-${randomUUID()}`;
    let now = 1_000_000;
    const provider = new DatabaseFlagProvider(() => db, 5_000, () => now);
    await OpenFeature.setProviderAndWait(flag, provider);
    const client = OpenFeature.getClient(flag);
    const staff = await createTestUser(db);
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const evaluate = () => Promise.all(ids.map((id) => client.getBooleanValue(flag, true, { targetingKey: id })));

    // No row: the caller's default.
    expect(await client.getBooleanValue(flag, true, { targetingKey: ids[0]! })).toBe(true);

    await setRollout(db, { flagKey: flag, enabled: false, rolloutPercent: 100, staffId: staff.id, reason: 'incident 42', meta, now: new Date() });
    provider.forget(flag);
    expect(new Set(await evaluate())).toEqual(new Set([false]));
    expect((await client.getBooleanDetails(flag, true, { targetingKey: ids[0]! })).reason).toBe('DISABLED');

    await setRollout(db, { flagKey: flag, enabled: true, rolloutPercent: 30, staffId: staff.id, reason: 'pilot group', meta, now: new Date() });
    // Another instance's change is seen once the cached row is older than the TTL, not before.
    expect(new Set(await evaluate())).toEqual(new Set([false]));
    now += 5_001;
    const answers = await evaluate();
    expect(answers).toEqual(ids.map((id) => inRollout(flag, id, 30)));
    expect(await evaluate()).toEqual(answers);

    // Each change is audited with who, why, and what it was before.
    const events = await db.auditEvent.findMany({ where: { type: 'flag.changed', actor: `staff:${staff.id}` }, orderBy: { createdAt: 'asc' } });
    expect(events.map((event) => event.detail)).toEqual([
      { flag, enabled: false, rolloutPercent: 100, before: null, reason: 'incident 42' },
      { flag, enabled: true, rolloutPercent: 30, before: { enabled: false, rolloutPercent: 100 }, reason: 'pilot group' },
    ]);
  });

  it('keeps the percentage within 0–100 whatever staff type', async () => {
    const flag = `test-${randomUUID()}`;
    const staff = await createTestUser(db);
    await setRollout(db, { flagKey: flag, enabled: true, rolloutPercent: 250, staffId: staff.id, reason: 'typo', meta, now: new Date() });
    expect((await db.featureFlag.findUniqueOrThrow({ where: { key: flag } })).rolloutPercent).toBe(100);
    await setRollout(db, { flagKey: flag, enabled: true, rolloutPercent: -5, staffId: staff.id, reason: 'typo', meta, now: new Date() });
    expect((await db.featureFlag.findUniqueOrThrow({ where: { key: flag } })).rolloutPercent).toBe(0);
  });
});
