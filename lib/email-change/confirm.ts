/**
 * Following a verification link, or typing its 6-digit code. Looking (GET) never
 * changes anything; the "Confirm email" POST (or a code) consumes the request first —
 * a conditional update whose row count is checked — and only then changes the
 * account, in one transaction.
 */
import { audit } from '@/lib/audit';
import { endSessions } from '@/lib/auth/sessions';
import type { Db } from '@/lib/db';
import { describeDevice } from '@/lib/device';
import { Prisma } from '@/lib/generated/prisma/client';
import { enqueue } from '@/lib/jobs/outbox';
import { createUndoLink, type RecoveryConfig } from '@/lib/email-change/recovery';
import { codeMatches, looksLikeCode } from '@/lib/email-change/codes';
import { hashToken, looksLikeToken } from '@/lib/email-change/tokens';
import type { RequestMeta } from '@/lib/request-meta';

export type LinkState = 'valid' | 'expired' | 'used' | 'superseded' | 'invalid';

export type ConfirmOutcome =
  | { outcome: 'verified'; email: string }
  | { outcome: 'expired' | 'used' | 'superseded' | 'invalid' | 'address_taken' };

/** A code can also be wrong (tries left), or have used up its tries: a new one must be sent. */
export type CodeOutcome = ConfirmOutcome | { outcome: 'wrong_code'; attemptsLeft: number } | { outcome: 'code_locked' };

type ConfirmInput = { userId: string; sessionId: string; meta: RequestMeta; now: Date; recovery: RecoveryConfig };

type RequestRow = { id: string; userId: string; status: string; expiresAt: Date; newEmail: string };

function stateOf(request: RequestRow | null, userId: string, now: Date): LinkState {
  // Another account's link reads as invalid: it must not reveal that the link exists.
  if (!request || request.userId !== userId) return 'invalid';
  switch (request.status) {
    case 'VERIFIED':
      return 'used';
    case 'SUPERSEDED':
      return 'superseded';
    case 'CANCELLED':
      return 'invalid';
    default:
      return request.expiresAt <= now ? 'expired' : 'valid';
  }
}

async function findByToken(db: Pick<Db, 'emailChangeRequest'>, token: unknown) {
  if (!looksLikeToken(token)) return null;
  return db.emailChangeRequest.findUnique({ where: { tokenHash: hashToken(token) } });
}

/** What the link page shows: read-only, safe for link scanners. */
export async function inspectLink(db: Db, token: unknown, userId: string, now: Date) {
  const request = await findByToken(db, token);
  const state = stateOf(request, userId, now);
  return { state, email: state === 'valid' ? request!.newEmail : null };
}

class AddressTaken extends Error {}

export async function confirmEmailChange(db: Db, input: ConfirmInput & { token: unknown }): Promise<ConfirmOutcome> {
  const { now, userId, meta } = input;
  const request = await findByToken(db, input.token);
  const state = stateOf(request, userId, now);
  if (state === 'expired') {
    await audit(db, { type: 'email.expired', userId, actor: `user:${userId}`, meta, detail: { requestId: request!.id }, at: now });
  }
  if (state !== 'valid') return { outcome: state };
  return applyChange(db, request!, input);
}

/**
 * The 6-digit code from the e-mail, for the user's latest unconfirmed request (an
 * older request's code was superseded with its link). Each try is reserved on the
 * request before the code is compared — one conditional update — so parallel tries
 * never check more than `maxCodeAttempts` codes; every wrong one is audited, and at
 * the limit the code is dead until a new one is sent. The link keeps working: its
 * 256-bit token is not guessable the way six digits are.
 */
export async function confirmWithCode(db: Db, input: ConfirmInput & { code: unknown; codeKey: Buffer; maxCodeAttempts: number }): Promise<CodeOutcome> {
  const { now, userId, meta } = input;
  if (!looksLikeCode(input.code)) return { outcome: 'invalid' };
  const request = await db.emailChangeRequest.findFirst({ where: { userId, status: 'PENDING' }, orderBy: { createdAt: 'desc' } });
  if (!request) return { outcome: 'invalid' };
  const base = { userId, actor: `user:${userId}`, meta, at: now };
  if (request.expiresAt <= now) {
    await audit(db, { ...base, type: 'email.expired', detail: { requestId: request.id, via: 'code' } });
    return { outcome: 'expired' };
  }
  const [reserved] = await db.$queryRaw<{ attempts: number }[]>`
    UPDATE email_change_requests SET code_attempts = code_attempts + 1
    WHERE id = ${request.id}::uuid AND status = 'PENDING' AND code_attempts < ${input.maxCodeAttempts}
    RETURNING code_attempts AS attempts`;
  if (!reserved) return { outcome: 'code_locked' };
  if (!codeMatches(input.codeKey, request.tokenHash, request.codeHash, input.code)) {
    const attemptsLeft = input.maxCodeAttempts - reserved.attempts;
    await audit(db, { ...base, type: attemptsLeft === 0 ? 'email.code_locked' : 'email.code_failed', detail: { requestId: request.id, attempt: reserved.attempts } });
    return attemptsLeft === 0 ? { outcome: 'code_locked' } : { outcome: 'wrong_code', attemptsLeft };
  }
  return applyChange(db, request, input);
}

/** Consumes the request (row count checked, so concurrent confirms fail closed) and changes the account. */
async function applyChange(db: Db, request: RequestRow, input: ConfirmInput): Promise<ConfirmOutcome> {
  const { now, userId, meta } = input;
  const { id, newEmail } = request!;

  try {
    return await db.$transaction(async (tx) => {
      const consumed = await tx.emailChangeRequest.updateMany({
        where: { id, userId, status: 'PENDING', expiresAt: { gt: now } },
        data: { status: 'VERIFIED', consumedAt: now },
      });
      // Someone else (a double click, another tab) consumed it first: fail closed.
      if (consumed.count !== 1) return { outcome: 'used' as const };
      if ((await tx.user.count({ where: { email: newEmail, NOT: { id: userId } } })) > 0) throw new AddressTaken();

      const before = await tx.user.findUniqueOrThrow({ where: { id: userId } });
      await tx.user.update({ where: { id: userId }, data: { email: newEmail, emailVerifiedAt: now } });
      const base = { userId, actor: `user:${userId}`, meta, at: now };
      await audit(tx, { ...base, type: 'email.verified', detail: { requestId: id, email: newEmail } });
      await audit(tx, { ...base, type: 'email.changed', detail: { requestId: id, from: before.email, to: newEmail } });
      // Every other session and app token ends; the one confirming carries on.
      await endSessions(tx, { userId, except: input.sessionId, reason: 'email_changed', actor: `user:${userId}`, meta, now });
      if (before.email) {
        // The removed address is told, with its way back: "This wasn't me — undo this change".
        const sealedUndoToken = await createUndoLink(tx, { userId, requestId: id, removedEmail: before.email, addedEmail: newEmail, now, config: input.recovery });
        await enqueue(tx, {
          recipient: before.email,
          requestId: id,
          now,
          payload: {
            kind: 'email-changed',
            userId,
            displayName: before.displayName,
            newEmail,
            changedAt: now.toISOString(),
            // What we know, never what the client wrote: a parsed summary and a checked address.
            device: describeDevice(meta.userAgent),
            ip: meta.ip,
            sealedUndoToken,
            undoExpiresAt: new Date(now.getTime() + input.recovery.undoTtlMs).toISOString(),
          },
        });
      }
      return { outcome: 'verified' as const, email: newEmail };
    });
  } catch (error) {
    // Checked above, and enforced by the unique index when two confirms race.
    if (error instanceof AddressTaken) return { outcome: 'address_taken' };
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { outcome: 'address_taken' };
    throw error;
  }
}
