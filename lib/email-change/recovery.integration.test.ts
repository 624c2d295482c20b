import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInLimits, signInWithPassword } from '@/lib/auth/sign-in';
import { hashPassword } from '@/lib/auth/password';
import { sealKey, unseal } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { confirmEmailChange } from '@/lib/email-change/confirm';
import {
  endAllSessionsBySupport,
  inspectUndoLink,
  maskEmail,
  passwordStep,
  reopenPasswordStep,
  setHold,
  setRecoveredPassword,
  undoChange,
  undoLastChangeBySupport,
} from '@/lib/email-change/recovery';
import { requestEmailChange, resendVerification, type EmailChangeContext } from '@/lib/email-change/request';
import { createTestUser, signedIn, testDb, testReauthConfig, testRecoveryConfig, testSessionConfig, testCodeKey } from '@/lib/test-support/db';

const meta = { ip: '203.0.113.21', userAgent: 'vitest' };
const key = sealKey('recovery-secret-recovery-secret-1');
const recovery = testRecoveryConfig(key);
const password = 'Owner@Password1';
const address = (label: string) => `${label}.${randomUUID().slice(0, 8)}@example.com`;

describe('takeover recovery', () => {
  let db: Db;
  const ctx = (): EmailChangeContext => ({ db, now: new Date(), limits: { cooldownSeconds: 60, perHour: 50 }, config: { tokenTtlMs: 24 * 3_600_000, reauth: testReauthConfig, sealKey: key, codeKey: testCodeKey, maxCodeAttempts: 5 } });
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  /** The owner's account with `original`, and an intruder's session (the owner's password) that changes it to a new address. */
  async function takenOver(original = address('owner')) {
    const user = await createTestUser(db, { password, email: original });
    const owner = await signedIn(db, user.id);
    const ownerApp = await signedIn(db, user.id, { kind: 'APP' });
    const intruder = await signedIn(db, user.id, { privileged: true, meta: { ip: '198.51.100.66', userAgent: 'intruder' } });
    return { user, original, owner, ownerApp, intruder, ...(await change(user.id, intruder.sessionId)) };
  }

  /** A confirmed change from `sessionId`; returns the new address and the undo link's token as the notice carries it. */
  async function change(userId: string, sessionId: string) {
    await db.rateLimit.deleteMany({ where: { key: `email_cooldown:${userId}` } });
    const added = address('intruder');
    const result = await requestEmailChange(ctx(), { userId, sessionId, meta }, { email: added, idempotencyKey: randomUUID() });
    if (!result.ok) throw new Error(result.code);
    const verify = await db.outboxMessage.findFirstOrThrow({ where: { requestId: result.requestId, kind: 'verify-email' } });
    const token = unseal(key, (verify.payload as { sealedToken: string }).sealedToken);
    expect(await confirmEmailChange(db, { token, userId, sessionId, meta, now: new Date(), recovery })).toMatchObject({ outcome: 'verified' });
    const notice = await db.outboxMessage.findFirstOrThrow({ where: { requestId: result.requestId, kind: 'email-changed' } });
    return { added, undoToken: unseal(key, (notice.payload as { sealedUndoToken: string }).sealedUndoToken) };
  }

  const undo = (token: unknown, now = new Date()) => undoChange(db, { token, meta, now, config: recovery });
  const live = async (userId: string) => (await db.session.findMany({ where: { userId, endedAt: null } })).length;
  const events = async (userId: string) => (await db.auditEvent.findMany({ where: { userId } })).map((event) => event.type);
  /** The account's one event of `type` (by `actor`, when given): what support reads in the trail. */
  const event = (userId: string, type: string, actor?: string) => db.auditEvent.findFirstOrThrow({ where: { userId, type, ...(actor && { actor }) } });

  it('the notice to the old address carries a single-use undo link for that change; looking at it changes nothing', async () => {
    const { user, original, added, undoToken } = await takenOver();
    const before = { user: await db.user.findUniqueOrThrow({ where: { id: user.id } }), recoveries: await db.emailRecovery.findMany({ where: { userId: user.id } }) };
    expect(before.recoveries).toEqual([expect.objectContaining({ removedEmail: original, addedEmail: added, status: 'PENDING' })]);
    expect(before.recoveries[0]!.tokenHash).not.toContain(undoToken);
    expect(before.recoveries[0]!.expiresAt.getTime() - before.recoveries[0]!.createdAt.getTime()).toBe(recovery.undoTtlMs);
    const shown = await inspectUndoLink(db, undoToken, new Date());
    expect(shown).toMatchObject({ state: 'valid', removedEmail: original });
    expect(shown).toMatchObject({ addedEmail: expect.stringMatching(/^i\*{6}[0-9a-f]@example\.com$/) });
    await inspectUndoLink(db, undoToken, new Date(Date.now() + 30 * 24 * 3_600_000));
    expect({ user: await db.user.findUniqueOrThrow({ where: { id: user.id } }), recoveries: await db.emailRecovery.findMany({ where: { userId: user.id } }) }).toEqual(before);
  });

  it('masks the added address on the undo page: first and last letter, at most six stars, short local parts too', () => {
    expect(maskEmail('a@example.com')).toBe('a*@example.com');
    expect(maskEmail('ab@example.com')).toBe('a*@example.com');
    expect(maskEmail('abc@example.com')).toBe('a*c@example.com');
    expect(maskEmail('sita.sharma@example.com')).toBe('s******a@example.com');
    expect(maskEmail('"a@b"@example.com')).toBe('"***"@example.com');
  });

  it('undo, signed out: the old address is back and verified, everyone is signed out, changes in flight are cancelled, the account is on hold, the removed address is told', async () => {
    const { user, original, added, intruder, undoToken } = await takenOver();
    // The intruder has already started another change.
    await db.rateLimit.deleteMany({ where: { key: `email_cooldown:${user.id}` } });
    expect(await requestEmailChange(ctx(), { userId: user.id, sessionId: intruder.sessionId, meta }, { email: address('next'), idempotencyKey: randomUUID() })).toMatchObject({ ok: true });
    expect(await live(user.id)).toBe(1);
    // Someone else's change in flight is theirs: the undo must not touch it.
    const bystander = await createTestUser(db, { email: address('bystander') });
    const theirs = await requestEmailChange(ctx(), { userId: bystander.id, sessionId: (await signedIn(db, bystander.id, { privileged: true })).sessionId, meta }, { email: address('theirs'), idempotencyKey: randomUUID() });
    if (!theirs.ok) throw new Error(theirs.code);

    const result = await undo(undoToken);
    expect(result).toMatchObject({ outcome: 'undone', passwordToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ email: original, emailVerifiedAt: expect.any(Date), emailHoldBy: 'recovery', passwordResetRequired: true });
    expect(after.emailHoldAt).not.toBeNull();
    expect(await live(user.id)).toBe(0);
    expect(await db.emailChangeRequest.count({ where: { userId: user.id, status: 'PENDING' } })).toBe(0);
    expect(await db.emailChangeRequest.findUniqueOrThrow({ where: { id: theirs.requestId } })).toMatchObject({ status: 'PENDING' });
    expect(await events(user.id)).toEqual(expect.arrayContaining(['recovery.undone', 'hold.placed', 'session.ended', 'email.cancelled']));
    // The trail says the link did it and why each thing happened.
    const trail = await db.auditEvent.findMany({ where: { userId: user.id, type: { in: ['recovery.undone', 'session.ended', 'email.cancelled'] }, createdAt: { gte: after.emailHoldAt! } } });
    expect(trail.every((event) => event.actor === 'recovery-link')).toBe(true);
    expect(trail.find((event) => event.type === 'recovery.undone')?.detail).toMatchObject({ from: added, to: original });
    expect(trail.find((event) => event.type === 'email.cancelled')?.detail).toMatchObject({ by: 'recovery', requestId: expect.any(String) });
    expect(trail.find((event) => event.type === 'session.ended')?.detail).toMatchObject({ reason: 'recovery' });
    const told = await db.outboxMessage.findFirstOrThrow({ where: { kind: 'email-restored', recipient: added } });
    expect(told.payload).toMatchObject({ userId: user.id, restored: true });
    expect(await db.emailRecovery.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ addressClaimed: false });
  });

  it('an undo link works once, even when pressed four times at once; an expired or made-up one does nothing', async () => {
    const first = await takenOver();
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => undo(first.undoToken)));
    expect(outcomes.filter((outcome) => outcome.outcome === 'undone')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'used')).toHaveLength(3);
    expect(await undo(first.undoToken)).toEqual({ outcome: 'used' });
    expect((await events(first.user.id)).filter((type) => type === 'recovery.undone')).toHaveLength(1);

    const late = await takenOver();
    expect(await undo(late.undoToken, new Date(Date.now() + recovery.undoTtlMs + 1000))).toEqual({ outcome: 'expired' });
    expect(await undo('A'.repeat(43))).toEqual({ outcome: 'invalid' });
    expect((await db.user.findUniqueOrThrow({ where: { id: late.user.id } })).email).toBe(late.added);
  });

  it('undoing a change undoes the later ones too: their links are superseded, and an earlier link still wins after a later one was used', async () => {
    const { user, original, intruder, added, undoToken: firstLink } = await takenOver();
    const second = await change(user.id, intruder.sessionId);
    // The intruder undoes their own second change (to keep the account and set a password of their own)...
    expect(await undo(second.undoToken)).toMatchObject({ outcome: 'undone' });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(added);
    // ...but the owner's link for the first change still works, and puts their address back.
    expect(await undo(firstLink)).toMatchObject({ outcome: 'undone' });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(original);

    const other = await takenOver();
    const later = await change(other.user.id, other.intruder.sessionId);
    expect(await undo(other.undoToken)).toMatchObject({ outcome: 'undone' });
    expect(await undo(later.undoToken)).toEqual({ outcome: 'superseded' });
    expect(await inspectUndoLink(db, later.undoToken, new Date())).toMatchObject({ state: 'superseded' });
  });

  it('when another account has claimed the old address meanwhile, nothing of theirs is overwritten and support can see the conflict', async () => {
    const { user, original, undoToken } = await takenOver();
    const claimant = await createTestUser(db, { email: original });
    expect(await undo(undoToken)).toMatchObject({ outcome: 'conflict' });
    expect((await db.user.findUniqueOrThrow({ where: { id: claimant.id } })).email).toBe(original);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: null, emailHoldBy: 'recovery' });
    expect(await live(user.id)).toBe(0);
    expect(await events(user.id)).toContain('recovery.conflict');
    expect(await db.emailRecovery.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ addressClaimed: true, status: 'USED' });
    // The intruder's address is told the change was undone, and that the old one could not come back.
    expect((await db.outboxMessage.findFirstOrThrow({ where: { kind: 'email-restored', payload: { path: ['userId'], equals: user.id } } })).payload).toMatchObject({ restored: false });
  });

  it('after an undo the old password signs nobody in; the owner sets a new one once, and it works', async () => {
    const { user, undoToken } = await takenOver();
    const limits = createSignInLimits(db, { maxFailuresPerAccount: 10, accountBlockSeconds: 900, maxFailuresPerIp: 1000, ipWindowSeconds: 3600 });
    const signIn = (secret: string) => signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password: secret }, { kind: 'WEB', meta, now: new Date(), config: testSessionConfig });
    const result = await undo(undoToken);
    if (result.outcome !== 'undone') throw new Error(result.outcome);
    expect(await signIn(password)).toEqual({ ok: false, code: 'password_reset_required' });
    expect(await event(user.id, 'auth.sign_in_refused')).toMatchObject({ actor: `user:${user.id}`, detail: { reason: 'password_reset_required' } });
    // The used link's page offers the password step again while it is open, and not once the link has expired.
    expect(await inspectUndoLink(db, undoToken, new Date())).toMatchObject({ state: 'used', passwordPending: true });
    expect(await inspectUndoLink(db, undoToken, new Date(Date.now() + recovery.undoTtlMs + 1000))).toMatchObject({ passwordPending: false });

    // The page was closed: the used link opens the step again; the first step's token is then spent.
    const reopened = await reopenPasswordStep(db, { token: undoToken, now: new Date() });
    if (!reopened.ok) throw new Error('not reopened');
    const newPassword = 'Fresh-Start-2026';
    const set = (token: string) => hashPassword(newPassword).then((passwordHash) => setRecoveredPassword(db, { token, passwordHash, meta, now: new Date(), config: recovery }));
    expect(await set(result.passwordToken)).toBe(false);
    expect(await set(reopened.passwordToken)).toBe(true);
    expect(await set(reopened.passwordToken)).toBe(false);
    expect(await reopenPasswordStep(db, { token: undoToken, now: new Date() })).toEqual({ ok: false });
    expect(await inspectUndoLink(db, undoToken, new Date())).toMatchObject({ state: 'used', passwordPending: false });
    expect(await signIn(password)).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(await signIn(newPassword)).toMatchObject({ ok: true });
    expect(await event(user.id, 'recovery.password_set')).toMatchObject({ actor: 'recovery-link' });
  });

  it('the set-password step and its reopening end with their clocks; an unknown or unused link opens nothing', async () => {
    const { user, undoToken } = await takenOver();
    expect(await inspectUndoLink(db, 'A'.repeat(43), new Date())).toEqual({ state: 'invalid' });
    expect(await inspectUndoLink(db, 42, new Date())).toEqual({ state: 'invalid' });
    // Not yet used: there is no password step to reopen.
    expect(await reopenPasswordStep(db, { token: undoToken, now: new Date() })).toEqual({ ok: false });

    const result = await undo(undoToken);
    if (result.outcome !== 'undone') throw new Error(result.outcome);
    const { usedAt, expiresAt } = await db.emailRecovery.findFirstOrThrow({ where: { userId: user.id } });
    const set = (token: string, now: Date) => setRecoveredPassword(db, { token, passwordHash: 'unused', meta, now, config: recovery });
    // The step's token works for passwordStepTtlMs after the undo, not a millisecond more.
    expect(await passwordStep(db, result.passwordToken, new Date(usedAt!.getTime() + recovery.passwordStepTtlMs), recovery)).toMatchObject({ userId: user.id });
    expect(await set(result.passwordToken, new Date(usedAt!.getTime() + recovery.passwordStepTtlMs + 1))).toBe(false);
    // The link itself reopens the step only until it expires.
    expect(await reopenPasswordStep(db, { token: undoToken, now: expiresAt })).toEqual({ ok: false });
    const reopened = await reopenPasswordStep(db, { token: undoToken, now: new Date(expiresAt.getTime() - 1) });
    expect(reopened).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ passwordResetRequired: true });
  });

  it('a support undo holds the account with the staff member and their reason, in the user row and in the trail', async () => {
    const { user } = await takenOver();
    const staff = await createTestUser(db);
    const reason = 'Caller verified; did not make the change';
    expect(await undoLastChangeBySupport(db, { userId: user.id, staffId: staff.id, reason, meta, now: new Date() })).toEqual({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ emailHoldBy: `staff:${staff.id}`, emailHoldReason: reason });
    const trail = await db.auditEvent.findMany({ where: { userId: user.id, type: { in: ['hold.placed', 'recovery.undone'] } } });
    expect(trail.find((event) => event.type === 'hold.placed')).toMatchObject({ actor: `staff:${staff.id}`, detail: { by: `staff:${staff.id}`, reason } });
    expect(trail.find((event) => event.type === 'recovery.undone')?.detail).toMatchObject({ reason });
    // The owner's own undo says why without being told: its own reason, and the hold is the recovery's.
    const owned = await takenOver();
    await undo(owned.undoToken);
    expect(await db.user.findUniqueOrThrow({ where: { id: owned.user.id } })).toMatchObject({ emailHoldReason: 'Undo of an e-mail change the owner did not make' });
    expect(await event(owned.user.id, 'hold.placed')).toMatchObject({ actor: 'recovery-link', detail: { by: 'recovery' } });
  });

  it('support undoes the last of several changes: the address before it comes back, and its link alone is spent', async () => {
    const { user, intruder, added: first, undoToken: firstLink } = await takenOver();
    const second = await change(user.id, intruder.sessionId);
    const staff = await createTestUser(db);
    expect(await undoLastChangeBySupport(db, { userId: user.id, staffId: staff.id, reason: 'Caller did not make the second change', meta, now: new Date() })).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(first);
    expect(await inspectUndoLink(db, second.undoToken, new Date())).toMatchObject({ state: 'used' });
    expect(await inspectUndoLink(db, firstLink, new Date())).toMatchObject({ state: 'valid' });
  });

  it('support undoes a change whose address was claimed meanwhile, and one made before undo links existed', async () => {
    const staff = await createTestUser(db);
    const support = (userId: string) => ({ userId, staffId: staff.id, reason: 'Caller verified', meta, now: new Date() });
    const claimed = await takenOver();
    await createTestUser(db, { email: claimed.original });
    expect(await undoLastChangeBySupport(db, support(claimed.user.id))).toEqual({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: claimed.user.id } })).toMatchObject({ email: null });
    expect(await db.emailRecovery.findFirstOrThrow({ where: { userId: claimed.user.id } })).toMatchObject({ addressClaimed: true, status: 'USED' });

    // A change confirmed before undo links existed has no recovery row: support can still undo it.
    const old = await takenOver();
    await db.emailRecovery.deleteMany({ where: { userId: old.user.id } });
    expect(await undoLastChangeBySupport(db, support(old.user.id))).toEqual({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: old.user.id } })).toMatchObject({ email: old.original, emailHoldBy: `staff:${staff.id}` });
  });

  it('on hold, no e-mail change or resend goes through until support lifts the hold (with a reason, as the actor)', async () => {
    const { user, undoToken } = await takenOver();
    await undo(undoToken);
    const session = await signedIn(db, user.id, { privileged: true });
    const actor = { userId: user.id, sessionId: session.sessionId, meta };
    expect(await requestEmailChange(ctx(), actor, { email: address('blocked'), idempotencyKey: randomUUID() })).toEqual({ ok: false, code: 'on_hold' });

    const staff = await createTestUser(db);
    const support = { userId: user.id, staffId: staff.id, meta, now: new Date() };
    expect(await setHold(db, { ...support, hold: true, reason: 'again' })).toEqual({ ok: false, code: 'already_on_hold' });
    expect(await setHold(db, { ...support, hold: false, reason: 'Identity checked on a call, customer asked' })).toEqual({ ok: true });
    const lifted = await event(user.id, 'hold.lifted');
    expect(lifted).toMatchObject({ actor: `staff:${staff.id}`, detail: { reason: 'Identity checked on a call, customer asked' } });
    await db.rateLimit.deleteMany({ where: { key: `email_cooldown:${user.id}` } });
    expect(await requestEmailChange(ctx(), actor, { email: address('allowed'), idempotencyKey: randomUUID() })).toMatchObject({ ok: true });

    expect(await setHold(db, { ...support, hold: true, reason: 'Customer reports a lost phone' })).toEqual({ ok: true });
    expect(await event(user.id, 'hold.placed', `staff:${staff.id}`)).toMatchObject({ detail: { reason: 'Customer reports a lost phone' } });
    expect(await setHold(db, { ...support, userId: randomUUID(), hold: true, reason: 'No such account' })).toEqual({ ok: false, code: 'not_found' });
    await db.rateLimit.deleteMany({ where: { key: `email_cooldown:${user.id}` } });
    expect(await resendVerification(ctx(), actor, {})).toEqual({ ok: false, code: 'on_hold' });
  });

  it('support ends every session and token, and undoes the last change, each audited with the staff member and the reason', async () => {
    const { user, original, undoToken } = await takenOver();
    const staff = await createTestUser(db);
    const support = { userId: user.id, staffId: staff.id, meta, now: new Date() };
    // The change ended the owner's sessions; the intruder's, which confirmed it, is the one left.
    await signedIn(db, user.id, { kind: 'APP' });
    expect(await live(user.id)).toBe(2);
    expect(await endAllSessionsBySupport(db, { ...support, reason: 'Customer called: phone stolen' })).toEqual({ ok: true });
    expect(await live(user.id)).toBe(0);
    expect(await event(user.id, 'support.sessions_ended')).toMatchObject({ actor: `staff:${staff.id}`, detail: { reason: 'Customer called: phone stolen', count: 2 } });
    expect(await event(user.id, 'session.ended', `staff:${staff.id}`)).toMatchObject({ detail: { reason: 'support' } });
    expect(await endAllSessionsBySupport(db, { ...support, userId: randomUUID(), reason: 'No such account' })).toEqual({ ok: false, code: 'not_found' });

    expect(await undoLastChangeBySupport(db, { ...support, reason: 'Caller verified; did not make the change' })).toEqual({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: original, emailHoldBy: `staff:${staff.id}`, passwordResetRequired: false });
    expect(await event(user.id, 'recovery.undone')).toMatchObject({ actor: `staff:${staff.id}` });
    // The owner's link for that change has nothing left to do, and no password step to offer: support undid it.
    expect(await undo(undoToken)).toEqual({ outcome: 'used' });
    expect(await inspectUndoLink(db, undoToken, new Date())).toMatchObject({ state: 'used', passwordPending: false });
    expect(await reopenPasswordStep(db, { token: undoToken, now: new Date() })).toEqual({ ok: false });

    const nobody = await createTestUser(db);
    expect(await undoLastChangeBySupport(db, { ...support, userId: nobody.id, reason: 'No change to undo here' })).toEqual({ ok: false, code: 'nothing_to_undo' });
  });
});
