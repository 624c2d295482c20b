import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { confirmEmailChange } from '@/lib/email-change/confirm';
import { requestEmailChange } from '@/lib/email-change/request';
import { testDb } from '@/lib/test-support/db';
import { context, meta, privilegedAccount, recovery, tokenFor } from './helpers';

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

it('50 accounts racing to claim one address: exactly one verified owner, the others told it is taken', async () => {
  const address = `contested.${randomUUID().slice(0, 8)}@example.com`;
  const racers = await Promise.all(Array.from({ length: 50 }, () => privilegedAccount(db)));
  const tokens = await Promise.all(
    racers.map(async ({ actor }) => {
      const result = await requestEmailChange(context(db), actor, { email: address, idempotencyKey: randomUUID() });
      if (!result.ok) throw new Error(`request refused: ${result.code}`);
      return tokenFor(db, result.requestId);
    }),
  );
  const outcomes = await Promise.all(
    racers.map(({ actor }, index) => confirmEmailChange(db, { recovery, token: tokens[index], userId: actor.userId, sessionId: actor.sessionId, meta, now: new Date() })),
  );
  const tally = outcomes.reduce<Record<string, number>>((counts, { outcome }) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }), {});
  expect(tally).toEqual({ verified: 1, address_taken: 49 });
  const owners = await db.user.findMany({ where: { email: address } });
  expect(owners).toHaveLength(1);
  const winner = racers[outcomes.findIndex(({ outcome }) => outcome === 'verified')]!;
  expect(owners[0]!.id).toBe(winner.user.id);
  expect(await db.auditEvent.count({ where: { type: 'email.changed', userId: { in: racers.map(({ user }) => user.id) } } })).toBe(1);
});
