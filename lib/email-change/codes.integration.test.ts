import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealKey, unseal } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { confirmEmailChange, confirmWithCode } from '@/lib/email-change/confirm';
import { requestEmailChange, resendVerification, type EmailChangeContext } from '@/lib/email-change/request';
import { claimDue } from '@/lib/jobs/outbox';
import { deliver } from '@/lib/jobs/deliver';
import { createTransport } from '@/lib/mailer';
import { freePort } from '@/scripts/support/ports';
import { SmtpSink } from '@/scripts/support/smtp-sink';
import { createTestUser, signedIn, testCodeKey, testDb, testReauthConfig, testRecoveryConfig } from '@/lib/test-support/db';

const meta = { ip: '203.0.113.31', userAgent: 'vitest' };
const key = sealKey('codes-secret-codes-secret-codes-1');
const recovery = testRecoveryConfig(key);
const address = (label: string) => `${label}.${randomUUID().slice(0, 8)}@example.com`;

describe('6-digit codes', () => {
  let db: Db;
  const ctx = (): EmailChangeContext => ({ db, now: new Date(), limits: { cooldownSeconds: 60, perHour: 50 }, config: { tokenTtlMs: 24 * 3_600_000, reauth: testReauthConfig, sealKey: key, codeKey: testCodeKey, maxCodeAttempts: 5 } });
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  async function pending() {
    const user = await createTestUser(db);
    const { sessionId } = await signedIn(db, user.id, { privileged: true });
    const actor = { userId: user.id, sessionId, meta };
    const result = await requestEmailChange(ctx(), actor, { email: address('coded'), idempotencyKey: randomUUID() });
    if (!result.ok) throw new Error(result.code);
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { requestId: result.requestId, kind: 'verify-email' } });
    const payload = outbox.payload as { sealedCode: string; sealedToken: string };
    return { user, actor, result, code: unseal(key, payload.sealedCode), token: unseal(key, payload.sealedToken) };
  }
  const byCode = (actor: { userId: string; sessionId: string }, code: unknown, now = new Date()) =>
    confirmWithCode(db, { ...actor, meta, code, now, recovery, codeKey: testCodeKey, maxCodeAttempts: 5 });
  const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('the right code verifies the address once; only a keyed hash of it is stored, and the e-mail carries it', async () => {
    const { user, actor, result, code } = await pending();
    const stored = await db.emailChangeRequest.findUniqueOrThrow({ where: { id: result.requestId } });
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.codeHash).not.toContain(code);

    // Delivered for real, to an SMTP server, as the dispatcher does.
    const [message] = (await claimDue(db, new Date(), 500, 60_000)).filter((row) => row.requestId === result.requestId);
    const received: string[] = [];
    const sink = new SmtpSink(await freePort(), (raw) => received.push(raw));
    await sink.start();
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const config = { appUrl: 'http://localhost:3000', from: 'Wallet <no-reply@wallet.localhost>', sealKey: key, maxAttempts: 3 };
    try {
      expect(await deliver(db, transport, message!, config)).toBe('sent');
    } finally {
      transport.close();
      await sink.stop();
    }
    expect(received[0]).toContain(code);
    const after = await db.outboxMessage.findUniqueOrThrow({ where: { id: message!.id } });
    expect(after.payload).toMatchObject({ sealedCode: null, sealedToken: null });

    expect(await byCode(actor, code)).toEqual({ outcome: 'verified', email: result.email });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(result.email);
    expect(await byCode(actor, code)).toEqual({ outcome: 'invalid' });
  });

  it('a wrong code says how many tries are left; the fifth wrong one kills the code, not the link', async () => {
    const { user, actor, code, token } = await pending();
    for (const left of [4, 3, 2, 1]) expect(await byCode(actor, other(code))).toEqual({ outcome: 'wrong_code', attemptsLeft: left });
    expect(await byCode(actor, other(code))).toEqual({ outcome: 'code_locked' });
    expect(await byCode(actor, code)).toEqual({ outcome: 'code_locked' });
    const events = await db.auditEvent.findMany({ where: { userId: user.id, type: { startsWith: 'email.code' } } });
    expect(events.map((event) => event.type).sort()).toEqual(['email.code_failed', 'email.code_failed', 'email.code_failed', 'email.code_failed', 'email.code_locked']);
    // Support reads which request and which try each one was.
    const requestId = (await db.emailChangeRequest.findFirstOrThrow({ where: { userId: user.id, status: 'PENDING' } })).id;
    expect(events.map((event) => event.detail).sort((a, b) => (a as { attempt: number }).attempt - (b as { attempt: number }).attempt)).toEqual([1, 2, 3, 4, 5].map((attempt) => ({ requestId, attempt })));
    expect(events.every((event) => event.actor === `user:${user.id}`)).toBe(true);
    expect(await confirmEmailChange(db, { ...actor, token, meta, now: new Date(), recovery })).toMatchObject({ outcome: 'verified' });
  });

  it('a code expires with its link, is superseded with it, and is bound to its own request and account', async () => {
    const first = await pending();
    expect(await byCode(first.actor, first.code, new Date(Date.now() + 25 * 3_600_000))).toEqual({ outcome: 'expired' });
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: first.user.id, type: 'email.expired' } })).toMatchObject({ actor: `user:${first.user.id}`, detail: { via: 'code', requestId: expect.any(String) } });

    await db.rateLimit.deleteMany({ where: { key: `email_cooldown:${first.user.id}` } });
    const resent = await resendVerification(ctx(), first.actor, {});
    if (!resent.ok) throw new Error(resent.code);
    const newCode = unseal(key, ((await db.outboxMessage.findFirstOrThrow({ where: { requestId: resent.requestId, kind: 'verify-email' } })).payload as { sealedCode: string }).sealedCode);
    if (newCode !== first.code) expect(await byCode(first.actor, first.code)).toMatchObject({ outcome: 'wrong_code' });

    const stranger = await pending();
    if (stranger.code !== newCode) expect(await byCode(stranger.actor, newCode)).toMatchObject({ outcome: 'wrong_code' });
    expect((await db.user.findUniqueOrThrow({ where: { id: first.user.id } })).email).toBeNull();
    expect(await byCode(first.actor, newCode)).toMatchObject({ outcome: 'verified' });
  });

  it('refuses anything that is not six digits without spending a try', async () => {
    const { actor, result } = await pending();
    for (const junk of ['12345', '1234567', 'abcdef', '', null, 123456]) expect(await byCode(actor, junk)).toEqual({ outcome: 'invalid' });
    expect((await db.emailChangeRequest.findUniqueOrThrow({ where: { id: result.requestId } })).codeAttempts).toBe(0);
  });
});
