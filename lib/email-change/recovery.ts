/**
 * Takeover recovery (DESIGN §2b): "This wasn't me — undo this change".
 *
 * A confirmed change that replaced a verified address leaves an undo link for that
 * address, in the notice it receives: single use, bound to that change, 7 days, only
 * its hash stored. Whoever holds the old mailbox can use it without signing in (the
 * owner may have lost the password or every session). Using it, in one transaction:
 * the removed address is the account's verified address again (unless another
 * account has claimed it meanwhile: then nothing is overwritten and support sees the
 * conflict), every session and app token ends, changes in flight are cancelled, the
 * account goes on a recovery hold (no e-mail change until support lifts it), and no
 * sign-in is accepted until the owner sets a new password on the next page. The
 * address the undo removed is told. Support can do the same from the console.
 *
 * Links form a chain: undoing a change also undoes every later one, so the links of
 * later changes are superseded, while an earlier change's link still works. The
 * owner of the oldest address can always get back, however many times an intruder
 * changes the address.
 */
import { audit, auditAll } from '@/lib/audit';
import { forgetGuesses } from '@/lib/auth/reauth';
import { endSessions } from '@/lib/auth/sessions';
import type { Db } from '@/lib/db';
import type { EmailRecovery, Prisma } from '@/lib/generated/prisma/client';
import { hashToken, looksLikeToken, newToken } from '@/lib/email-change/tokens';
import { enqueue } from '@/lib/jobs/outbox';
import type { RequestMeta } from '@/lib/request-meta';

type Tx = Prisma.TransactionClient;

export interface RecoveryConfig {
  undoTtlMs: number;
  /** How long the set-a-new-password step stays open after an undo. */
  passwordStepTtlMs: number;
  sealKey: Buffer;
}

// The undo link itself is written with the change it undoes (wallet_apply_email_change, via lib/email-change/confirm.ts).

export type UndoLinkState = 'valid' | 'used' | 'expired' | 'superseded' | 'invalid';

function stateOf(recovery: EmailRecovery | null, now: Date): UndoLinkState {
  if (!recovery) return 'invalid';
  switch (recovery.status) {
    case 'USED':
      return 'used';
    case 'SUPERSEDED':
      return 'superseded';
    case 'PENDING':
      return recovery.expiresAt <= now ? 'expired' : 'valid';
  }
}

const byToken = (db: Pick<Db, 'emailRecovery'>, token: unknown) =>
  looksLikeToken(token) ? db.emailRecovery.findUnique({ where: { tokenHash: hashToken(token) } }) : Promise.resolve(null);

/** "s***a@example.com": enough for the owner to recognise an address, not enough to learn it. */
export function maskEmail(email: string) {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? `${local[0]}*` : `${local[0]}${'*'.repeat(Math.min(local.length - 2, 6))}${local.at(-1)}`;
  return `${shown}${email.slice(at)}`;
}

/**
 * What the link's page shows (GET, changes nothing). A used link whose undo has not yet
 * been followed by a new password can continue to that step (`passwordPending`).
 */
export async function inspectUndoLink(db: Db, token: unknown, now: Date) {
  const recovery = await byToken(db, token);
  const state = stateOf(recovery, now);
  if (!recovery || state === 'invalid') return { state: 'invalid' as const };
  const passwordPending = state === 'used' && recovery.usedBy === 'owner' && !recovery.passwordSetAt && recovery.expiresAt > now;
  return { state, changedAt: recovery.createdAt, removedEmail: recovery.removedEmail, addedEmail: maskEmail(recovery.addedEmail), passwordPending };
}

export type UndoOutcome =
  | { outcome: 'undone' | 'conflict'; passwordToken: string }
  | { outcome: 'used' | 'expired' | 'superseded' | 'invalid' };

/**
 * Puts the account back the way it was before `recovery`'s change, on hold, everyone
 * signed out. `actor` is "owner" (the link) or "staff:<id>".
 */
async function restore(tx: Tx, input: { recovery: Pick<EmailRecovery, 'userId' | 'removedEmail' | 'createdAt'>; actor: string; reason?: string; passwordReset: boolean; meta: RequestMeta; now: Date }) {
  const { recovery, now, meta } = input;
  const { userId } = recovery;
  const auditActor = input.actor === 'owner' ? 'recovery-link' : input.actor;
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
  const claimed = (await tx.user.count({ where: { email: recovery.removedEmail, NOT: { id: userId } } })) > 0;
  // The intruder's address goes either way; the old one comes back unless someone else has it now.
  const restored = claimed ? null : recovery.removedEmail;
  await tx.user.update({
    where: { id: userId },
    data: {
      email: restored,
      emailVerifiedAt: restored ? now : null,
      emailHoldAt: now,
      emailHoldBy: input.actor === 'owner' ? 'recovery' : input.actor,
      emailHoldReason: input.reason ?? 'Undo of an e-mail change the owner did not make',
      ...(input.passwordReset ? { passwordResetRequired: true } : {}),
    },
  });
  const cancelled = await tx.emailChangeRequest.updateManyAndReturn({ where: { userId, status: 'PENDING' }, data: { status: 'CANCELLED' }, select: { id: true } });
  // Undoing this change undoes every later one: their links have nothing left to undo.
  await tx.emailRecovery.updateMany({ where: { userId, status: 'PENDING', createdAt: { gt: recovery.createdAt } }, data: { status: 'SUPERSEDED' } });
  await endSessions(tx, { userId, reason: 'recovery', actor: auditActor, meta, now });

  const base = { userId, actor: auditActor, meta, at: now };
  await auditAll(tx, [
    ...cancelled.map((request) => ({ ...base, type: 'email.cancelled' as const, detail: { requestId: request.id, by: 'recovery' } })),
    { ...base, type: claimed ? 'recovery.conflict' : 'recovery.undone', detail: { from: user.email, to: restored, claimedAddress: claimed ? recovery.removedEmail : null, ...(input.reason ? { reason: input.reason } : {}) } },
    { ...base, type: 'hold.placed', detail: { by: input.actor === 'owner' ? 'recovery' : input.actor, ...(input.reason ? { reason: input.reason } : {}) } },
  ]);
  if (user.email && user.email !== restored) {
    await enqueue(tx, {
      recipient: user.email,
      now,
      payload: { kind: 'email-restored', userId, displayName: user.displayName, undoneAt: now.toISOString(), restored: restored !== null },
    });
  }
  return { conflict: claimed };
}

/** The owner's "Undo this change" (POST, no sign-in): consumes the link first, row count checked, then restores. */
export async function undoChange(db: Db, input: { token: unknown; meta: RequestMeta; now: Date; config: RecoveryConfig }): Promise<UndoOutcome> {
  const { now } = input;
  const recovery = await byToken(db, input.token);
  const state = stateOf(recovery, now);
  if (state !== 'valid') return { outcome: state };
  const password = newToken();
  return db.$transaction(async (tx) => {
    const consumed = await tx.emailRecovery.updateMany({
      where: { id: recovery!.id, status: 'PENDING', expiresAt: { gt: now } },
      data: { status: 'USED', usedAt: now, usedBy: 'owner', passwordTokenHash: password.tokenHash },
    });
    // A double click, another tab, or a later change's undo got there first: fail closed.
    if (consumed.count !== 1) return { outcome: 'used' as const };
    const { conflict } = await restore(tx, { recovery: recovery!, actor: 'owner', passwordReset: true, meta: input.meta, now });
    if (conflict) await tx.emailRecovery.update({ where: { id: recovery!.id }, data: { addressClaimed: true } });
    return { outcome: conflict ? ('conflict' as const) : ('undone' as const), passwordToken: password.token };
  });
}

/**
 * The owner came back to a link they already used without setting a new password (the
 * page was closed): the set-password step is opened again, with a fresh token.
 */
export async function reopenPasswordStep(db: Db, input: { token: unknown; now: Date }): Promise<{ ok: true; passwordToken: string } | { ok: false }> {
  const recovery = await byToken(db, input.token);
  if (!recovery || recovery.status !== 'USED' || recovery.usedBy !== 'owner' || recovery.passwordSetAt || recovery.expiresAt <= input.now) return { ok: false };
  const password = newToken();
  const reopened = await db.emailRecovery.updateMany({ where: { id: recovery.id, passwordSetAt: null }, data: { passwordTokenHash: password.tokenHash, usedAt: input.now } });
  return reopened.count === 1 ? { ok: true, passwordToken: password.token } : { ok: false };
}

/** The recovery a set-password token belongs to, while its step is open. */
export async function passwordStep(db: Db, token: unknown, now: Date, config: RecoveryConfig) {
  if (!looksLikeToken(token)) return null;
  const recovery = await db.emailRecovery.findUnique({ where: { passwordTokenHash: hashToken(token) } });
  if (!recovery || recovery.passwordSetAt || !recovery.usedAt || now.getTime() - recovery.usedAt.getTime() > config.passwordStepTtlMs) return null;
  return recovery;
}

/** The owner's new password: replaces the one the intruder knew; sign-in works again. Single use. */
export async function setRecoveredPassword(db: Db, input: { token: unknown; passwordHash: string; meta: RequestMeta; now: Date; config: RecoveryConfig }) {
  const recovery = await passwordStep(db, input.token, input.now, input.config);
  if (!recovery) return false;
  return db.$transaction(async (tx) => {
    const done = await tx.emailRecovery.updateMany({ where: { id: recovery.id, passwordSetAt: null }, data: { passwordSetAt: input.now, passwordTokenHash: null } });
    if (done.count !== 1) return false;
    await tx.user.update({ where: { id: recovery.userId }, data: { passwordHash: input.passwordHash, passwordResetRequired: false } });
    // Guesses against the old password no longer say anything: start the owner afresh.
    await forgetGuesses(tx, recovery.userId);
    await audit(tx, { type: 'recovery.password_set', userId: recovery.userId, actor: 'recovery-link', meta: input.meta, at: input.now });
    return true;
  });
}

export type SupportActionResult = { ok: true } | { ok: false; code: 'not_found' | 'nothing_to_undo' | 'not_on_hold' | 'already_on_hold' };

/** Support: undo the account's last change (the caller's identity checked on the phone). */
export async function undoLastChangeBySupport(db: Db, input: { userId: string; staffId: string; reason: string; meta: RequestMeta; now: Date }): Promise<SupportActionResult> {
  return db.$transaction(async (tx) => {
    const last = await tx.emailChangeRequest.findFirst({
      where: { userId: input.userId, status: 'VERIFIED', oldEmail: { not: null } },
      orderBy: { consumedAt: 'desc' },
      include: { recovery: true },
    });
    if (!last?.oldEmail) return { ok: false, code: 'nothing_to_undo' } as const;
    const actor = `staff:${input.staffId}`;
    if (last.recovery) await tx.emailRecovery.updateMany({ where: { id: last.recovery.id, status: 'PENDING' }, data: { status: 'USED', usedAt: input.now, usedBy: actor } });
    const recovery = { userId: input.userId, removedEmail: last.oldEmail, createdAt: last.recovery?.createdAt ?? last.consumedAt ?? last.createdAt };
    const { conflict } = await restore(tx, { recovery, actor, reason: input.reason, passwordReset: false, meta: input.meta, now: input.now });
    if (conflict && last.recovery) await tx.emailRecovery.update({ where: { id: last.recovery.id }, data: { addressClaimed: true } });
    return { ok: true } as const;
  });
}

/** Support: put e-mail changes on hold, or lift the hold, with a reason. */
export async function setHold(db: Db, input: { userId: string; staffId: string; hold: boolean; reason: string; meta: RequestMeta; now: Date }): Promise<SupportActionResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { emailHoldAt: true } });
    if (!user) return { ok: false, code: 'not_found' } as const;
    if (input.hold === (user.emailHoldAt !== null)) return { ok: false, code: input.hold ? 'already_on_hold' : 'not_on_hold' } as const;
    const actor = `staff:${input.staffId}`;
    await tx.user.update({
      where: { id: input.userId },
      data: input.hold ? { emailHoldAt: input.now, emailHoldBy: actor, emailHoldReason: input.reason } : { emailHoldAt: null, emailHoldBy: null, emailHoldReason: null },
    });
    await audit(tx, { type: input.hold ? 'hold.placed' : 'hold.lifted', userId: input.userId, actor, meta: input.meta, detail: { reason: input.reason }, at: input.now });
    return { ok: true } as const;
  });
}

/** Support: end every session and app token of the account, with a reason. */
export async function endAllSessionsBySupport(db: Db, input: { userId: string; staffId: string; reason: string; meta: RequestMeta; now: Date }): Promise<SupportActionResult> {
  if (!(await db.user.findUnique({ where: { id: input.userId }, select: { id: true } }))) return { ok: false, code: 'not_found' };
  await db.$transaction(async (tx) => {
    const actor = `staff:${input.staffId}`;
    const ended = await endSessions(tx, { userId: input.userId, reason: 'support', actor, meta: input.meta, now: input.now });
    await audit(tx, { type: 'support.sessions_ended', userId: input.userId, actor, meta: input.meta, detail: { reason: input.reason, count: ended }, at: input.now });
  });
  return { ok: true };
}
