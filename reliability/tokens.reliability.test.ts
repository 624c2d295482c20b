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

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

it('tampered, cross-account, expired and replayed tokens are refused and change nothing', async () => {
  const { user, actor } = await privilegedAccount(db);
  const stranger = await privilegedAccount(db);
  const address = `mine.${randomUUID().slice(0, 8)}@example.com`;
  const result = await requestEmailChange(context(db), actor, { email: address, idempotencyKey: randomUUID() });
  if (!result.ok) throw new Error(result.code);
  const token = await tokenFor(db, result.requestId);
  const confirm = (candidate: unknown, userId = user.id, now = new Date()) => confirmEmailChange(db, { recovery, token: candidate, userId, sessionId: actor.sessionId, meta, now });
  const snapshot = async () => ({
    user: await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, updatedAt: true } }),
    sessions: await db.session.findMany({ where: { userId: user.id }, select: { id: true, endedAt: true }, orderBy: { id: 'asc' } }),
  });
  const before = await snapshot();

  // Every single-character change at every position.
  for (let at = 0; at < token.length; at += 1) {
    const replacement = alphabet[(alphabet.indexOf(token[at]!) + 1) % alphabet.length]!;
    expect(await confirm(`${token.slice(0, at)}${replacement}${token.slice(at + 1)}`)).toEqual({ outcome: 'invalid' });
  }
  for (const malformed of ['', token.slice(1), `${token}A`, token.toUpperCase(), `${token.slice(0, 42)}=`, null, 42, [token], { token }]) {
    expect(await confirm(malformed)).toEqual({ outcome: 'invalid' });
  }
  expect(await confirm(token, stranger.user.id)).toEqual({ outcome: 'invalid' });
  expect(await confirm(token, user.id, new Date(Date.now() + 25 * 3_600_000))).toEqual({ outcome: 'expired' });
  expect(await snapshot()).toEqual(before);

  expect(await confirm(token)).toMatchObject({ outcome: 'verified' });
  const after = await snapshot();
  expect(await Promise.all(Array.from({ length: 5 }, () => confirm(token)))).toEqual(Array(5).fill({ outcome: 'used' }));
  expect(await snapshot()).toEqual(after);
});
