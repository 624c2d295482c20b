import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealKey } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { pendingChange, requestEmailChange, type EmailChangeContext } from '@/lib/email-change/request';
import { handleBounceEvent, startBounceListener } from '@/lib/jobs/bounces';
import { attempt, markSent } from '@/lib/jobs/deliver';
import { claimDue } from '@/lib/jobs/outbox';
import { createTransport } from '@/lib/mailer';
import { createTestUser, signedIn, testCodeKey, testDb, testReauthConfig } from '@/lib/test-support/db';
import { freePort } from '@/scripts/support/ports';
import { SmtpSink } from '@/scripts/support/smtp-sink';

const key = sealKey('bounces-secret-bounces-secret-bounce');
const meta = { ip: '203.0.113.51', userAgent: 'vitest' };

describe('refusals and bounces', () => {
  let db: Db;
  let sink: SmtpSink;
  const config = { appUrl: 'http://localhost:3000', from: 'Wallet <no-reply@wallet.localhost>', sealKey: key, maxAttempts: 8, bounceDomain: 'bounces.wallet.example' };
  const ctx = (): EmailChangeContext => ({ db, now: new Date(), limits: { cooldownSeconds: 60, perHour: 50 }, config: { tokenTtlMs: 3_600_000, reauth: testReauthConfig, sealKey: key, codeKey: testCodeKey, maxCodeAttempts: 5 } });

  beforeAll(async () => {
    db = testDb();
    // A mail server that knows who it has no mailbox for, and who is busy.
    sink = new SmtpSink(await freePort(), undefined, (recipient) => {
      if (recipient.startsWith('nobody.')) return { code: 550, message: '5.1.1 <' + recipient + '>: Recipient address rejected: User unknown' };
      if (recipient.startsWith('busy.')) return { code: 451, message: '4.7.1 Try again later' };
      return null;
    });
    await sink.start();
  });
  afterAll(async () => {
    await sink.stop();
    await db.$disconnect();
  });

  /** A pending change to `email` and its claimed outbox row, ready to send. */
  async function pendingTo(email: string) {
    const user = await createTestUser(db);
    const { sessionId } = await signedIn(db, user.id, { privileged: true });
    const result = await requestEmailChange(ctx(), { userId: user.id, sessionId, meta }, { email, idempotencyKey: randomUUID() });
    if (!result.ok) throw new Error(result.code);
    const [message] = (await claimDue(db, new Date(), 500, 60_000)).filter((row) => row.requestId === result.requestId);
    return { user, message: message! };
  }

  it('a permanent refusal (550) fails the message on its first attempt, the server’s reason kept and shown', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const { user, message } = await pendingTo(`nobody.${randomUUID().slice(0, 8)}@example.com`);
    expect(await attempt(db, transport, message, config)).toBe('failed');
    transport.close();
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(row.lastError).toMatch(/^550 5\.1\.1 .*User unknown/);
    expect(await pendingChange(db, user.id, new Date())).toMatchObject({ delivery: 'failed', deliveryError: expect.stringMatching(/^550 5\.1\.1/) });
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'email.failed' } })).toMatchObject({ actor: 'system', detail: { outboxId: message.id, permanent: true, reason: row.lastError } });
  });

  it('a temporary refusal (451) is retried later, not failed', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const { message } = await pendingTo(`busy.${randomUUID().slice(0, 8)}@example.com`);
    expect(await attempt(db, transport, message, config)).toBe('retry');
    transport.close();
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(row.lastError).toMatch(/^451 4\.7\.1/);
  });

  it('a message accepted and then bounced is found by its return path (VERP), and the DSN sent there marks it bounced, once', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const { user, message } = await pendingTo(`later.${randomUUID().slice(0, 8)}@example.com`);
    expect(await attempt(db, transport, message, config)).toBe('sent');
    await markSent(db, [message], new Date());
    transport.close();
    expect(sink.envelopeSenders).toContain(`bounce+${message.id}@bounces.wallet.example`);

    // The recipient's server sends the DSN back to that address, at our listener.
    const port = await freePort();
    const listener = startBounceListener({ db, port, host: '127.0.0.1' });
    const mta = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const dsn = {
      from: 'MAILER-DAEMON@mx.example.com',
      to: `bounce+${message.id}@bounces.wallet.example`,
      subject: 'Undelivered Mail Returned to Sender',
      text: 'This is the mail system at host mx.example.com. I am sorry to have to inform you that your message could not be delivered.',
      attachments: [
        {
          contentType: 'message/delivery-status',
          content: ['Reporting-MTA: dns; mx.example.com', '', `Final-Recipient: rfc822; ${message.recipient}`, 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 mailbox does not exist', ''].join('\r\n'),
        },
      ],
    };
    try {
      await mta.sendMail(dsn);
      await mta.sendMail(dsn);
      await expect.poll(async () => (await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('BOUNCED');
      await expect(mta.sendMail({ ...dsn, to: 'postmaster@bounces.wallet.example' })).rejects.toMatchObject({ responseCode: 550 });
    } finally {
      mta.close();
      await listener.stop();
    }
    expect(await pendingChange(db, user.id, new Date())).toMatchObject({ delivery: 'bounced', deliveryError: '550 5.1.1 mailbox does not exist' });
    expect(await db.auditEvent.findMany({ where: { userId: user.id, type: 'email.bounced' } })).toEqual([
      expect.objectContaining({ actor: 'system', detail: { outboxId: message.id, kind: 'verify-email', reason: '550 5.1.1 mailbox does not exist', source: 'dsn' } }),
    ]);
  });

  it('a provider’s bounce webhook marks its message bounced once; other events and other messages change nothing', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${sink.port}`);
    const { user, message } = await pendingTo(`hooked.${randomUUID().slice(0, 8)}@example.com`);
    await attempt(db, transport, message, config);
    await markSent(db, [message], new Date());
    transport.close();
    const event = { type: 'email.bounced', data: { message_id: `<${message.id}@wallet-email>`, recipient: message.recipient, reason: '550 5.1.1 no such user', permanent: true } };
    expect(await handleBounceEvent(db, event, new Date())).toBe('recorded');
    expect(await handleBounceEvent(db, event, new Date())).toBe('already_recorded');
    expect(await handleBounceEvent(db, { ...event, type: 'email.delivered' }, new Date())).toBe('ignored');
    expect(await handleBounceEvent(db, { ...event, data: { ...event.data, permanent: false } }, new Date())).toBe('ignored');
    expect(await handleBounceEvent(db, { ...event, data: { ...event.data, message_id: '<someone-else@example.com>' } }, new Date())).toBe('ignored');
    expect(await pendingChange(db, user.id, new Date())).toMatchObject({ delivery: 'bounced', deliveryError: '550 5.1.1 no such user' });
    expect(await db.auditEvent.findMany({ where: { userId: user.id, type: 'email.bounced' } })).toEqual([expect.objectContaining({ detail: expect.objectContaining({ source: 'webhook', reason: '550 5.1.1 no such user' }) })]);
  });
});
