import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reauthWithPassword } from '@/lib/auth/reauth';
import { sealKey } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { confirmEmailChange, inspectLink } from '@/lib/email-change/confirm';
import { cancelPendingChange, pendingChange, requestEmailChange, resendVerification, type EmailChangeContext } from '@/lib/email-change/request';
import { profileData } from '@/lib/profile';
import { createMailServerCheck } from '@/lib/email-change/deliverability';
import { startDnsServer } from '@/scripts/support/dns-server';
import { unseal } from '@/lib/crypto/seal';
import { claimDue } from '@/lib/jobs/outbox';
import { deliver } from '@/lib/jobs/deliver';
import { createTestUser, signedIn, testDb, testReauthConfig, testRecoveryConfig, testCodeKey, testSessionConfig } from '@/lib/test-support/db';

const reauth = testReauthConfig;
const meta = { ip: '203.0.113.9', userAgent: 'vitest' };
const key = sealKey('integration-secret-integration-secret');
const recovery = testRecoveryConfig(key);
const address = (label: string) => `${label}.${randomUUID().slice(0, 8)}@example.com`;

describe('e-mail change', () => {
  let db: Db;
  const ctx = (now = new Date()): EmailChangeContext => ({
    db,
    now,
    limits: { cooldownSeconds: 60, perHour: 50 },
    config: { tokenTtlMs: 24 * 3_600_000, reauth, sealKey: key, codeKey: testCodeKey, maxCodeAttempts: 5 },
  });

  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  async function privilegedUser(email?: string) {
    const user = await createTestUser(db, { password: 'Right@Password1', email });
    const { sessionId } = await signedIn(db, user.id, { privileged: true, meta });
    return { user, actor: { userId: user.id, sessionId, meta } };
  }

  /** The token as the e-mail would carry it, read back from the outbox like the dispatcher does. */
  async function tokenFor(requestId: string) {
    const row = await db.outboxMessage.findFirstOrThrow({ where: { requestId, kind: 'verify-email' } });
    return unseal(key, (row.payload as { sealedToken: string }).sealedToken);
  }

  it('asks for re-authentication first, from another session too', async () => {
    const user = await createTestUser(db, { password: 'Right@Password1' });
    const actor = { userId: user.id, sessionId: (await signedIn(db, user.id)).sessionId, meta };
    expect(await requestEmailChange(ctx(), actor, { email: address('a'), idempotencyKey: randomUUID() })).toEqual({ ok: false, code: 'reauth_required' });
    expect(await reauthWithPassword(db, { ...actor, password: 'Right@Password1', now: new Date(), config: reauth })).toMatchObject({ ok: true });
    const otherSession = { ...actor, sessionId: (await signedIn(db, user.id)).sessionId };
    expect(await requestEmailChange(ctx(), otherSession, { email: address('a'), idempotencyKey: randomUUID() })).toMatchObject({ code: 'reauth_required' });
    expect(await requestEmailChange(ctx(), actor, { email: address('a'), idempotencyKey: randomUUID() })).toMatchObject({ ok: true });
  });

  it('queues one request and one outbox row per idempotency key, and the link verifies the address', async () => {
    const { user, actor } = await privilegedUser();
    const email = address('new');
    const input = { email: email.toUpperCase(), idempotencyKey: randomUUID() };
    const [first, again] = await Promise.all([requestEmailChange(ctx(), actor, input), requestEmailChange(ctx(), actor, input)]);
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual(first);
    expect(await db.outboxMessage.count({ where: { request: { userId: user.id } } })).toBe(1);

    const requestId = (first as { requestId: string }).requestId;
    const token = await tokenFor(requestId);
    expect(await inspectLink(db, token, user.id, new Date())).toMatchObject({ state: 'valid' });
    const stored = await db.emailChangeRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(stored.tokenHash).not.toContain(token);

    const elsewhere = await signedIn(db, user.id, { kind: 'APP' });
    expect(await confirmEmailChange(db, { recovery, token, userId: user.id, sessionId: actor.sessionId, meta, now: new Date() })).toMatchObject({ outcome: 'verified' });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.email?.toLowerCase()).toBe(email.toLowerCase());
    // Every other session and app token ended with the change; the confirming one carries on.
    const sessions = await db.session.findMany({ where: { userId: user.id } });
    expect(sessions.find((session) => session.id === elsewhere.sessionId)).toMatchObject({ endReason: 'email_changed', endedAt: expect.any(Date) });
    expect(sessions.find((session) => session.id === actor.sessionId)).toMatchObject({ endedAt: null });
    expect(await confirmEmailChange(db, { recovery, token, userId: user.id, sessionId: actor.sessionId, meta, now: new Date() })).toEqual({ outcome: 'used' });
    const types = (await db.auditEvent.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } })).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['reauth.ok', 'email.requested', 'email.queued', 'email.verified', 'email.changed']));
  });

  it('one token confirmed four times at the same moment verifies once: one change, one audit trail, one notice', async () => {
    const { user, actor } = await privilegedUser(address('before'));
    const result = await requestEmailChange(ctx(), actor, { email: address('once'), idempotencyKey: randomUUID() });
    const token = await tokenFor((result as { requestId: string }).requestId);
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => confirmEmailChange(db, { recovery, token, userId: user.id, sessionId: actor.sessionId, meta, now: new Date() })));
    expect(outcomes.filter((outcome) => outcome.outcome === 'verified')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'used')).toHaveLength(3);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: { in: ['email.changed', 'email.verified'] } } })).toBe(2);
    expect(await db.outboxMessage.count({ where: { kind: 'email-changed', payload: { path: ['userId'], equals: user.id } } })).toBe(1);
  });

  it('looking at a link (GET) changes nothing, whatever state it is in', async () => {
    const { user, actor } = await privilegedUser();
    const result = await requestEmailChange(ctx(), actor, { email: address('look'), idempotencyKey: randomUUID() });
    const token = await tokenFor((result as { requestId: string }).requestId);
    const snapshot = async () => ({
      user: await db.user.findUniqueOrThrow({ where: { id: user.id } }),
      requests: await db.emailChangeRequest.findMany({ where: { userId: user.id } }),
      sessions: await db.session.findMany({ where: { userId: user.id } }),
      events: await db.auditEvent.count({ where: { userId: user.id } }),
      outbox: await db.outboxMessage.count(),
    });
    const before = await snapshot();
    for (const now of [new Date(), new Date(Date.now() + 25 * 3_600_000)]) {
      await inspectLink(db, token, user.id, now);
      await inspectLink(db, token, randomUUID(), now);
      await inspectLink(db, 'A'.repeat(43), user.id, now);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('caps verification e-mails per account per hour and per IP, not only by the cooldown', async () => {
    const limits = { cooldownSeconds: 60, perHour: 3 };
    const limited = (now = new Date()): EmailChangeContext => ({ ...ctx(now), limits });
    const liftCooldown = (userId: string) => db.rateLimit.deleteMany({ where: { key: `email_cooldown:${userId}` } });
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

    const { actor } = await privilegedUser();
    const from = { ...actor, meta: { ...meta, ip } };
    for (let send = 0; send < 3; send += 1) {
      expect(await requestEmailChange(limited(), from, { email: address('hourly'), idempotencyKey: randomUUID() })).toMatchObject({ ok: true });
      await liftCooldown(actor.userId);
    }
    const fourth = await requestEmailChange(limited(), from, { email: address('hourly'), idempotencyKey: randomUUID() });
    expect(fourth).toMatchObject({ ok: false, code: 'rate_limited' });
    expect((fourth as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(3000);

    // Ten accounts' worth from one address, then that address is refused for any account.
    for (let account = 0; account < 9; account += 1) {
      const other = await privilegedUser();
      for (let send = 0; send < 3; send += 1) {
        await requestEmailChange(limited(), { ...other.actor, meta: { ...meta, ip } }, { email: address('ip'), idempotencyKey: randomUUID() });
        await liftCooldown(other.actor.userId);
      }
    }
    const fresh = await privilegedUser();
    expect(await requestEmailChange(limited(), { ...fresh.actor, meta: { ...meta, ip } }, { email: address('ip'), idempotencyKey: randomUUID() })).toMatchObject({
      ok: false,
      code: 'rate_limited',
    });
    expect(await requestEmailChange(limited(), fresh.actor, { email: address('elsewhere'), idempotencyKey: randomUUID() })).toMatchObject({ ok: true });
  });

  it('"linked to another account" costs a send: after the hourly handful, every answer is "wait"', async () => {
    const limits = { cooldownSeconds: 60, perHour: 3 };
    const owners = await Promise.all(Array.from({ length: 5 }, () => createTestUser(db, { email: address('owned') })));
    const { actor } = await privilegedUser();
    const answers = [];
    for (const owner of owners) answers.push(await requestEmailChange({ ...ctx(), limits }, actor, { email: owner.email!, idempotencyKey: randomUUID() }));
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.code))).toEqual(['email_taken', 'email_taken', 'email_taken', 'rate_limited', 'rate_limited']);
  });

  it('refuses the same address, another account’s address, and bad input', async () => {
    const taken = address('taken');
    await createTestUser(db, { email: taken });
    const mine = address('mine');
    const { actor } = await privilegedUser(mine);
    const go = (email: string) => requestEmailChange(ctx(), actor, { email, idempotencyKey: randomUUID() });
    expect(await go(mine.toUpperCase())).toEqual({ ok: false, code: 'same_email' });
    expect(await go(taken)).toEqual({ ok: false, code: 'email_taken' });
    expect(await go('not an address')).toEqual({ ok: false, code: 'invalid_email' });
    expect(await go('x@example.com\r\nBcc: y@example.com')).toEqual({ ok: false, code: 'invalid_email' });
  });

  it('refuses a throwaway address and a domain with no mail server before re-auth, writing nothing; a DNS failure lets the send go ahead', async () => {
    // A real DNS server on 127.0.0.1: a domain with mail, one without, one that never answers.
    const dns = await startDnsServer({ 'mail.example.np': { mx: [{ exchange: 'mx.mail.example.np', priority: 10 }] }, 'silent.example.np': { silent: true } });
    try {
      const mailServer = createMailServerCheck({ servers: [dns.address], timeoutMs: 200, cacheMs: 60_000 });
      const checked = (allowed: string[] = []): EmailChangeContext => ({ ...ctx(), config: { ...ctx().config, deliverability: { disposableAllowed: allowed, mailServer } } });
      const user = await createTestUser(db, { password: 'Right@Password1' });
      // Not re-authenticated: the address is judged before the password is asked for.
      const actor = { userId: user.id, sessionId: (await signedIn(db, user.id)).sessionId, meta };
      const go = (email: string, context = checked()) => requestEmailChange(context, actor, { email, idempotencyKey: randomUUID() });

      expect(await go('hari@mailinator.com')).toEqual({ ok: false, code: 'disposable_email', domain: 'mailinator.com', suggestion: null });
      expect(await go('hari@gmial.com')).toEqual({ ok: false, code: 'disposable_email', domain: 'gmial.com', suggestion: 'hari@gmail.com' });
      expect(await go('hari@nowhere.example.np')).toEqual({ ok: false, code: 'no_mail_server', domain: 'nowhere.example.np', suggestion: null });
      expect(await go('hari@mail.example.np')).toEqual({ ok: false, code: 'reauth_required' });
      expect(await go('hari@silent.example.np')).toEqual({ ok: false, code: 'reauth_required' });
      // The allow-list overrides the list; without checks configured nothing is looked up.
      expect(await go('hari@mailinator.com', checked(['mailinator.com']))).toMatchObject({ code: 'no_mail_server' });
      expect(await go('hari@nowhere.example.np', ctx())).toEqual({ ok: false, code: 'reauth_required' });
      expect(await db.emailChangeRequest.count({ where: { userId: user.id } })).toBe(0);

      await reauthWithPassword(db, { ...actor, password: 'Right@Password1', now: new Date(), config: reauth });
      expect(await go('hari@silent.example.np')).toMatchObject({ ok: true, email: 'hari@silent.example.np' });
    } finally {
      dns.stop();
    }
  });

  it('tells expired, superseded, cross-account and tampered links apart, changing nothing', async () => {
    const { user, actor } = await privilegedUser();
    const first = await requestEmailChange(ctx(), actor, { email: address('one'), idempotencyKey: randomUUID() });
    const oldToken = await tokenFor((first as { requestId: string }).requestId);
    await db.rateLimit.deleteMany({ where: { key: `email_cooldown:${user.id}` } });
    const second = await resendVerification(ctx(), actor, {});
    expect(second).toMatchObject({ ok: true });
    const newToken = await tokenFor((second as { requestId: string }).requestId);
    const stranger = await createTestUser(db);
    const confirm = (token: string, userId = user.id, now = new Date()) => confirmEmailChange(db, { recovery, token, userId, sessionId: 's', meta, now });

    expect(await confirm(oldToken)).toEqual({ outcome: 'superseded' });
    expect(await confirm(newToken, stranger.id)).toEqual({ outcome: 'invalid' });
    expect(await confirm(`${newToken.slice(0, -1)}${newToken.endsWith('A') ? 'B' : 'A'}`)).toEqual({ outcome: 'invalid' });
    expect(await confirm(newToken, user.id, new Date(Date.now() + 25 * 3_600_000))).toEqual({ outcome: 'expired' });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBeNull();
    expect(await confirm(newToken)).toMatchObject({ outcome: 'verified' });
  });

  it('a link page names the address only while it can be confirmed, and says exactly when it expires', async () => {
    const { user, actor } = await privilegedUser();
    const result = await requestEmailChange(ctx(), actor, { email: address('page'), idempotencyKey: randomUUID() });
    if (!result.ok) throw new Error(result.code);
    const token = await tokenFor(result.requestId);
    const { expiresAt } = result;
    expect(await inspectLink(db, token, user.id, new Date(expiresAt.getTime() - 1))).toEqual({ state: 'valid', email: result.email });
    expect(await inspectLink(db, token, user.id, expiresAt)).toEqual({ state: 'expired', email: null });
    expect(await inspectLink(db, 12345, user.id, new Date())).toEqual({ state: 'invalid', email: null });

    // Confirming an expired link says so and is recorded; a non-string token is just invalid.
    expect(await confirmEmailChange(db, { recovery, token, userId: user.id, sessionId: actor.sessionId, meta, now: expiresAt })).toEqual({ outcome: 'expired' });
    expect(await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'email.expired' } })).toMatchObject({ actor: `user:${user.id}`, detail: { requestId: result.requestId } });
    expect(await confirmEmailChange(db, { recovery, token: 12345, userId: user.id, sessionId: actor.sessionId, meta, now: new Date() })).toEqual({ outcome: 'invalid' });

    expect(await confirmEmailChange(db, { recovery, token, userId: user.id, sessionId: actor.sessionId, meta, now: new Date() })).toMatchObject({ outcome: 'verified' });
    expect(await inspectLink(db, token, user.id, new Date())).toEqual({ state: 'used', email: (await db.user.findUniqueOrThrow({ where: { id: user.id } })).email });
  });

  it('a withdrawn request’s link is no longer valid, and there is nothing left to withdraw', async () => {
    const { user, actor } = await privilegedUser();
    const result = await requestEmailChange(ctx(), actor, { email: address('withdrawn'), idempotencyKey: randomUUID() });
    if (!result.ok) throw new Error(result.code);
    expect(await cancelPendingChange(db, actor, new Date())).toBe(true);
    expect(await cancelPendingChange(db, actor, new Date())).toBe(false);
    expect(await inspectLink(db, await tokenFor(result.requestId), user.id, new Date())).toEqual({ state: 'invalid', email: null });
    expect(await db.auditEvent.findMany({ where: { userId: user.id, type: 'email.cancelled' } })).toEqual([expect.objectContaining({ actor: `user:${user.id}`, detail: { requestId: result.requestId } })]);
  });

  it('the profile’s pending change is the latest request: where its e-mail went, and whether its link expired', async () => {
    const { user, actor } = await privilegedUser();
    expect(await pendingChange(db, user.id, new Date())).toBeNull();
    const first = await requestEmailChange(ctx(), actor, { email: address('first'), idempotencyKey: randomUUID() });
    await db.rateLimit.deleteMany({ where: { key: `email_cooldown:${user.id}` } });
    const second = await requestEmailChange(ctx(), actor, { email: address('second'), idempotencyKey: randomUUID() });
    if (!first.ok || !second.ok) throw new Error('refused');
    const now = new Date();
    expect(await pendingChange(db, user.id, now)).toEqual({ requestId: second.requestId, email: second.email, expiresAt: second.expiresAt, expired: false, delivery: 'queued', deliveryError: null });
    expect(await pendingChange(db, user.id, second.expiresAt)).toMatchObject({ expired: true });
    await db.outboxMessage.updateMany({ where: { requestId: second.requestId }, data: { status: 'SENT' } });
    expect(await pendingChange(db, user.id, now)).toMatchObject({ delivery: 'sent' });
    // Retries that ran out on a lost connection or a 4xx say nothing about the address …
    await db.outboxMessage.updateMany({ where: { requestId: second.requestId }, data: { status: 'FAILED', lastError: 'connect ECONNREFUSED 127.0.0.1:25' } });
    expect(await pendingChange(db, user.id, now)).toMatchObject({ delivery: 'failed', deliveryError: null });
    await db.outboxMessage.updateMany({ where: { requestId: second.requestId }, data: { lastError: '451 4.3.2 try again later' } });
    expect(await pendingChange(db, user.id, now)).toMatchObject({ delivery: 'failed', deliveryError: null });
    // … a 5xx reply or a bounce is the server refusing it, in its own words.
    await db.outboxMessage.updateMany({ where: { requestId: second.requestId }, data: { lastError: '550 5.1.1 user unknown' } });
    expect(await pendingChange(db, user.id, now)).toMatchObject({ delivery: 'failed', deliveryError: '550 5.1.1 user unknown' });
    await db.outboxMessage.updateMany({ where: { requestId: second.requestId }, data: { status: 'BOUNCED', lastError: null } });
    expect(await pendingChange(db, user.id, now)).toMatchObject({ delivery: 'bounced', deliveryError: 'bounced' });
    // The countdown the profile shows: a minute after a send, nothing without one.
    const { wait } = await profileData(db, user.id, now, testSessionConfig);
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await profileData(db, (await createTestUser(db)).id, now, testSessionConfig)).wait).toBe(0);
  });

  it('lets exactly one of many accounts racing for one address win', async () => {
    const shared = address('race');
    const racers = await Promise.all(Array.from({ length: 6 }, () => privilegedUser()));
    const tokens = await Promise.all(
      racers.map(async ({ actor }) => {
        const result = await requestEmailChange(ctx(), actor, { email: shared, idempotencyKey: randomUUID() });
        return tokenFor((result as { requestId: string }).requestId);
      }),
    );
    const outcomes = await Promise.all(
      racers.map(({ actor }, index) => confirmEmailChange(db, { recovery, token: tokens[index], userId: actor.userId, sessionId: actor.sessionId, meta, now: new Date() })),
    );
    expect(outcomes.filter((o) => o.outcome === 'verified')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'address_taken')).toHaveLength(5);
    expect(await db.user.count({ where: { email: shared } })).toBe(1);
  });

  it('locks re-authentication after 5 failures and a success resets the count', async () => {
    const user = await createTestUser(db, { password: 'Right@Password1' });
    const actor = { userId: user.id, sessionId: (await signedIn(db, user.id)).sessionId, meta };
    const attempt = (password: string, now = new Date()) => reauthWithPassword(db, { ...actor, password, now, config: reauth });
    expect(await attempt('wrong')).toEqual({ ok: false, code: 'reauth_failed', attemptsLeft: 4 });
    expect((await attempt('Right@Password1')).ok).toBe(true);
    for (const left of [4, 3, 2, 1]) expect(await attempt('wrong')).toEqual({ ok: false, code: 'reauth_failed', attemptsLeft: left });
    const locked = await attempt('wrong');
    expect(locked).toMatchObject({ ok: false, code: 'locked' });
    expect(await attempt('Right@Password1')).toMatchObject({ code: 'locked' });
    expect((await attempt('Right@Password1', new Date(Date.now() + 16 * 60_000))).ok).toBe(true);
  });

  it('retries a failed send with backoff, gives up after the last attempt, and marks a sent one', async () => {
    const { actor } = await privilegedUser();
    const result = await requestEmailChange(ctx(), actor, { email: address('out'), idempotencyKey: randomUUID() });
    const requestId = (result as { requestId: string }).requestId;
    const config = { appUrl: 'http://localhost:3000', from: 'Wallet <no-reply@wallet.localhost>', sealKey: key, maxAttempts: 2 };
    const closedPort = nodemailer.createTransport({ host: '127.0.0.1', port: 9, connectionTimeout: 500 });
    const claimMine = async (now: Date) => (await claimDue(db, now, 500, 60_000)).filter((m) => m.requestId === requestId);

    const [message] = await claimMine(new Date());
    expect(await deliver(db, closedPort, message!, config)).toBe('retry');
    expect(await claimMine(new Date())).toHaveLength(0); // backing off
    const [retry] = await claimMine(new Date(Date.now() + 60_000));
    expect(retry!.attempts).toBe(2);
    expect(await deliver(db, closedPort, retry!, config)).toBe('failed');
    expect(await db.outboxMessage.findFirstOrThrow({ where: { requestId } })).toMatchObject({ status: 'FAILED' });

    await db.rateLimit.deleteMany({ where: { key: `email_cooldown:${actor.userId}` } });
    const again = await resendVerification(ctx(), actor, {});
    const [fresh] = (await claimDue(db, new Date(), 500, 60_000)).filter((m) => m.requestId === (again as { requestId: string }).requestId);
    const captured = nodemailer.createTransport({ streamTransport: true, buffer: true });
    expect(await deliver(db, captured, fresh!, config)).toBe('sent');
    const sent = await db.outboxMessage.findUniqueOrThrow({ where: { id: fresh!.id } });
    expect(sent.status).toBe('SENT');
    expect((sent.payload as { sealedToken: string | null }).sealedToken).toBeNull();
  });
});
