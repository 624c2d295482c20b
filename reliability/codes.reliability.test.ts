import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { confirmWithCode } from '@/lib/email-change/confirm';
import { requestEmailChange } from '@/lib/email-change/request';
import { testCodeKey, testDb } from '@/lib/test-support/db';
import { codeFor, context, meta, privilegedAccount, recovery } from './helpers';

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(() => db.$disconnect());

it('50 wrong codes at once on one request: exactly 5 checked and audited, then even the right code is refused', async () => {
  const { user, actor } = await privilegedAccount(db);
  const result = await requestEmailChange(context(db), actor, { email: `guessed.${randomUUID().slice(0, 8)}@example.com`, idempotencyKey: randomUUID() });
  if (!result.ok) throw new Error(result.code);
  const right = await codeFor(db, result.requestId);
  const guess = (code: string) => confirmWithCode(db, { ...actor, code, now: new Date(), recovery, codeKey: testCodeKey, maxCodeAttempts: 5 });
  const wrong = Array.from({ length: 50 }, (_, index) => String((Number(right) + 1 + index) % 1_000_000).padStart(6, '0'));
  const outcomes = await Promise.all(wrong.map(guess));

  const tally = outcomes.reduce<Record<string, number>>((counts, { outcome }) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }), {});
  expect(tally).toEqual({ wrong_code: 4, code_locked: 46 });
  const checked = await db.auditEvent.count({ where: { userId: user.id, type: { in: ['email.code_failed', 'email.code_locked'] } } });
  expect(checked).toBe(5);
  expect(await guess(right)).toEqual({ outcome: 'code_locked' });
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBeNull();
});
