/**
 * Following a verification link, or typing its 6-digit code. Looking (GET) never
 * changes anything; the "Confirm email" POST (or a code) consumes the request first —
 * a conditional update whose row count is checked — and only then changes the
 * account, in one statement: the PL/pgSQL functions in
 * prisma/migrations/20261203230000_sql_hot_paths, one round trip instead of a dozen.
 */
import { audit } from '@/lib/audit';
import { sessionIdOrNull } from '@/lib/auth/sessions';
import { sqlRows, type Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { describeDevice } from '@/lib/device';
import { seal } from '@/lib/crypto/seal';
import type { RecoveryConfig } from '@/lib/email-change/recovery';
import { codeMatches, looksLikeCode } from '@/lib/email-change/codes';
import { hashToken, looksLikeToken, newToken } from '@/lib/email-change/tokens';
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

/**
 * What the link page shows: read-only, safe for link scanners. The address too when the
 * link is valid or used (the request is this account's own), so a used link can say
 * the address is already verified instead of offering a new link.
 */
export async function inspectLink(db: Db, token: unknown, userId: string, now: Date) {
  const request = await findByToken(db, token);
  const state = stateOf(request, userId, now);
  return { state, email: state === 'valid' || state === 'used' ? request!.newEmail : null };
}

export async function confirmEmailChange(db: Db, input: ConfirmInput & { token: unknown }): Promise<ConfirmOutcome> {
  if (!looksLikeToken(input.token)) return { outcome: 'invalid' };
  // The link's state (an expiry audited), then the change: one statement (wallet_confirm_email_change).
  const [row] = await sqlRows<{ result: ConfirmOutcome }>(db, 'wallet_confirm_email_change', Prisma.sql`
    SELECT wallet_confirm_email_change(${hashToken(input.token)}, ${changeArguments(input)}) AS result`);
  return row!.result;
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

/**
 * The arguments both SQL functions end with: who confirms, from where, the undo link's
 * token (its hash stored, sealed in the notice until sent) and what the notice says of
 * the device, which is what we know, never what the client wrote: a parsed summary and
 * a checked address.
 */
function changeArguments(input: ConfirmInput) {
  const { userId, now, meta } = input;
  const { token, tokenHash } = newToken();
  const undoExpiresAt = new Date(now.getTime() + input.recovery.undoTtlMs);
  const notice = {
    changedAt: now.toISOString(),
    device: describeDevice(meta.userAgent),
    ip: meta.ip,
    sealedUndoToken: seal(input.recovery.sealKey, token),
    undoExpiresAt: undoExpiresAt.toISOString(),
  };
  const sessionId = sessionIdOrNull(input.sessionId);
  return Prisma.sql`${userId}::uuid, ${sessionId}::uuid, ${now}::timestamptz, ${meta.ip}, ${meta.userAgent},
    ${tokenHash}, ${undoExpiresAt}::timestamptz, ${JSON.stringify(notice)}::jsonb`;
}

/**
 * Consumes the request (row count checked, so concurrent confirms fail closed) and
 * changes the account, in one statement (wallet_apply_email_change): the address,
 * the audit events, every other session and app token ended (the one confirming
 * carries on), and for a change the undo link and the notice to the removed address.
 * An address another account took meanwhile rolls it all back.
 */
async function applyChange(db: Db, request: RequestRow, input: ConfirmInput): Promise<ConfirmOutcome> {
  const [row] = await sqlRows<{ result: ConfirmOutcome }>(db, 'wallet_apply_email_change', Prisma.sql`
    SELECT wallet_apply_email_change(${request.id}::uuid, ${changeArguments(input)}) AS result`);
  return row!.result;
}
