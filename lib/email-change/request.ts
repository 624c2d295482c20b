/**
 * UC02 / UC04 / UC07: asking for a verification link. The request, the
 * superseding of older ones, the outbox row and the audit events are one
 * statement (the PL/pgSQL functions in prisma/migrations/20261203230000_sql_hot_paths);
 * nothing is sent from here.
 */
import { randomUUID } from 'node:crypto';
import { audit } from '@/lib/audit';
import { seal } from '@/lib/crypto/seal';
import { sqlRows, type Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { reauthStatus, type ReauthConfig } from '@/lib/auth/reauth';
import { sessionIdOrNull } from '@/lib/auth/sessions';
import { domainOf, normalizeEmail } from '@/lib/email-change/address';
import { isDisposable, type MailServer, type MailServerCheck } from '@/lib/email-change/deliverability';
import { suggestAddress } from '@/lib/email-change/suggest';
import type { EmailLimitConfig } from '@/lib/email-change/limits';
import { codeHash, newCode } from '@/lib/email-change/codes';
import { newToken } from '@/lib/email-change/tokens';
import type { RequestMeta } from '@/lib/request-meta';

export interface EmailChangeConfig {
  tokenTtlMs: number;
  reauth: ReauthConfig;
  sealKey: Buffer;
  /** Keys the 6-digit codes' hashes (lib/email-change/codes.ts). */
  codeKey: Buffer;
  /** Wrong codes allowed per request before a new one must be sent. */
  maxCodeAttempts: number;
  /** Checks before a send (lib/email-change/deliverability.ts); left out, nothing is checked. */
  deliverability?: { disposableAllowed: readonly string[]; mailServer: MailServerCheck | null };
}

export interface EmailChangeContext {
  db: Db;
  limits: EmailLimitConfig;
  config: EmailChangeConfig;
  now: Date;
}

export type RequestResult =
  | { ok: true; requestId: string; email: string; expiresAt: Date }
  | { ok: false; code: 'invalid_email' | 'same_email' | 'email_taken' | 'reauth_required' | 'no_pending_request' | 'on_hold' }
  | { ok: false; code: 'disposable_email' | 'no_mail_server'; domain: string; suggestion: string | null }
  | { ok: false; code: 'locked'; until: Date }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

interface Actor {
  userId: string;
  sessionId: string;
  meta: RequestMeta;
}

/** What the database functions answer (prisma/migrations/*_sql_hot_paths): JSON, so dates are strings. */
type SqlRequestResult =
  | { ok: true; requestId: string; email: string; expiresAt: string }
  | { ok: false; code: 'email_taken' | 'same_email' | 'on_hold' | 'reauth_required' }
  | { ok: false; code: 'undeliverable' }
  | { ok: false; code: 'locked'; until: string }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/**
 * A new link and code, as the arguments both SQL functions end with: the hashes the
 * database keeps, the sealed secrets the outbox row carries until the e-mail is sent
 * (lib/jobs/deliver.ts), who asked, and the send limits.
 */
function verificationArguments(ctx: EmailChangeContext, actor: Actor) {
  const { config, limits, now } = ctx;
  const { token, tokenHash } = newToken();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + config.tokenTtlMs);
  const payload = { sealedToken: seal(config.sealKey, token), sealedCode: seal(config.sealKey, code), expiresAt: expiresAt.toISOString() };
  return Prisma.sql`${tokenHash}, ${codeHash(config.codeKey, tokenHash, code)}, ${expiresAt}::timestamptz, ${actor.meta.ip}, ${actor.meta.userAgent},
    ${JSON.stringify(payload)}::jsonb, ${limits.cooldownSeconds}::int, ${limits.perHour}::int`;
}

function fromSql(result: SqlRequestResult): RequestResult | 'undeliverable' {
  if (result.ok) return { ...result, expiresAt: new Date(result.expiresAt) };
  if (result.code === 'undeliverable') return 'undeliverable';
  if (result.code === 'locked') return { ok: false, code: 'locked', until: new Date(result.until) };
  return result as Exclude<SqlRequestResult, { ok: true } | { code: 'undeliverable' | 'locked' }>;
}

/**
 * Writes a new pending request for `email`, superseding the user's older ones, with
 * its outbox row and audit events, in one statement (wallet_write_email_request).
 * The send budget is spent first: "linked to another account" is answered only after
 * that, so it costs what a send costs. A lost race for the cooldown, or a copy of this
 * submission (same Idempotency-Key) that committed first, rolls the write back; the
 * copy's answer is replayed.
 */
async function writeRequest(ctx: EmailChangeContext, actor: Actor, email: string, idempotencyKey: string, via: 'requested' | 'resent'): Promise<RequestResult> {
  const [row] = await sqlRows<{ result: SqlRequestResult }>(ctx.db, 'wallet_write_email_request', Prisma.sql`
    SELECT wallet_write_email_request(${actor.userId}::uuid, ${email}, ${idempotencyKey}, ${via}, ${ctx.now}::timestamptz, ${verificationArguments(ctx, actor)}) AS result`);
  return fromSql(row!.result) as RequestResult;
}

/** The answer an earlier submission with this Idempotency-Key got (wallet_replayed_request, as the functions above replay). */
async function replayed(db: Db, userId: string, idempotencyKey: string): Promise<RequestResult | null> {
  const [row] = await db.$queryRaw<{ result: SqlRequestResult | null }[]>`SELECT wallet_replayed_request(${userId}::uuid, ${idempotencyKey}) AS result`;
  return row!.result && (fromSql(row!.result) as RequestResult);
}

export interface AddressCheck {
  email: string;
  /** "Did you mean …?": never blocks. */
  suggestion: string | null;
  disposable: boolean;
  /** 'not_checked' where the look-up is turned off (EMAIL_MX_CHECK=off). */
  mailServer: MailServer | 'not_checked';
}

/** Throwaway, and whether its domain has a mail server ('not_checked' when there is no check). */
async function deliverability(config: EmailChangeConfig, email: string) {
  const checks = config.deliverability;
  const domain = domainOf(email);
  return {
    disposable: checks ? isDisposable(domain, checks.disposableAllowed) : false,
    mailServer: checks?.mailServer ? await checks.mailServer(domain) : ('not_checked' as const),
  };
}

/** What the app can tell about an address before anything is sent: for the form and the API. */
export async function checkAddress(config: EmailChangeConfig, email: string): Promise<AddressCheck> {
  return { email, suggestion: suggestAddress(email), ...(await deliverability(config, email)) };
}

/** A throwaway address, or a domain with no mail server; a DNS failure lets the send go ahead. */
async function deliverabilityRefusal(ctx: EmailChangeContext, email: string): Promise<RequestResult | null> {
  const check = await deliverability(ctx.config, email);
  // The list holds typo domains too ("gmial.com"): someone else's mailbox, so the same refusal.
  const code = check.disposable ? 'disposable_email' : check.mailServer === 'none' ? 'no_mail_server' : null;
  // The suggestion is only worked out for a refusal: a 202 gets its own (lib/api/results.ts).
  return code && { ok: false, code, domain: domainOf(email), suggestion: suggestAddress(email) };
}

/** Refuses unless this session has just proved presence (UC03) and the account is not locked (UC05). */
async function presenceRefusal(ctx: EmailChangeContext, actor: Actor): Promise<RequestResult | null> {
  const status = await reauthStatus(ctx.db, actor.userId, actor.sessionId, ctx.now, ctx.config.reauth);
  if (status.state === 'locked') return { ok: false, code: 'locked', until: status.until };
  return status.state === 'privileged' ? null : { ok: false, code: 'reauth_required' };
}

/**
 * Add or change the account's e-mail: needs a fresh re-auth, then queues a
 * verification link. One round trip (wallet_request_email_change), checked in this
 * order: a replay of the same submission gets the same answer, not a second e-mail;
 * a hold (after a recovery, or when support says so) refuses; the user's own address
 * and whether an address can receive mail reveal nothing, so both are said before
 * asking the user to prove presence (UC03); a locked account is refused (UC05).
 */
export async function requestEmailChange(
  ctx: EmailChangeContext,
  actor: Actor,
  input: { email: string; idempotencyKey: string },
): Promise<RequestResult> {
  const address = normalizeEmail(input.email);
  if (!address.ok) return { ok: false, code: 'invalid_email' };
  // DNS is asked here, not by the database; a refusal is only said if nothing above it applies.
  const undeliverable = await deliverabilityRefusal(ctx, address.email);
  const session = sessionIdOrNull(actor.sessionId);
  const [row] = await sqlRows<{ result: SqlRequestResult }>(ctx.db, 'wallet_request_email_change', Prisma.sql`
    SELECT wallet_request_email_change(${actor.userId}::uuid, ${session}::uuid, ${address.email}, ${input.idempotencyKey}, ${ctx.now}::timestamptz,
      ${undeliverable !== null}, ${verificationArguments(ctx, actor)}) AS result`);
  const result = fromSql(row!.result);
  return result === 'undeliverable' ? undeliverable! : result;
}

/**
 * UC07: a fresh link to the address of the user's latest unconfirmed request; the old
 * link stops working. A request whose link has expired is not revived on the strength
 * of a session alone: the user proves presence again first (as for a new address).
 */
export async function resendVerification(
  ctx: EmailChangeContext,
  actor: Actor,
  input: { idempotencyKey?: string },
): Promise<RequestResult> {
  const { db, now } = ctx;
  const idempotencyKey = input.idempotencyKey ?? randomUUID();
  const earlier = await replayed(db, actor.userId, idempotencyKey);
  if (earlier) return earlier;
  const latest = await db.emailChangeRequest.findFirst({
    where: { userId: actor.userId, status: { in: ['PENDING', 'SUPERSEDED'] } },
    orderBy: { createdAt: 'desc' },
  });
  if (!latest || latest.status !== 'PENDING') return { ok: false, code: 'no_pending_request' };
  if ((await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { emailHoldAt: true } })).emailHoldAt) return { ok: false, code: 'on_hold' };
  if (latest.expiresAt <= now) {
    const refusal = await presenceRefusal(ctx, actor);
    if (refusal) return refusal;
  }
  return writeRequest(ctx, actor, latest.newEmail, idempotencyKey, 'resent');
}

export type PendingChange = {
  requestId: string;
  email: string;
  expiresAt: Date;
  expired: boolean;
  delivery: 'queued' | 'sent' | 'failed' | 'bounced';
  /** The mail server's refusal of the address, in its words (see refusal()). */
  deliveryError: string | null;
};

const deliveryOf = { PENDING: 'queued', SENT: 'sent', FAILED: 'failed', BOUNCED: 'bounced' } as const;

/**
 * The mail server's refusal of the address, in its words: a bounce's reason, or a
 * failure whose last reply was a permanent one (5xx). Retries that ran out on a
 * connection error or a 4xx say nothing about the address, so they give none.
 */
function refusal(status: keyof typeof deliveryOf, lastError: string | null): string | null {
  if (status === 'BOUNCED') return lastError ?? 'bounced';
  return status === 'FAILED' && lastError && /^5\d\d\b/.test(lastError) ? lastError : null;
}

/** The user's latest unconfirmed request and its latest e-mail, as one JSON value: a subquery the profile's single query embeds too. */
export const pendingSql = (userId: string) => Prisma.sql`
  (SELECT json_build_object('requestId', r.id, 'email', r.new_email, 'expiresAt', r.expires_at, 'outboxStatus', o.status, 'lastError', o.last_error)
   FROM email_change_requests r
   LEFT JOIN LATERAL (SELECT status, last_error FROM outbox_messages WHERE request_id = r.id ORDER BY created_at DESC LIMIT 1) o ON true
   WHERE r.user_id = ${userId}::uuid AND r.status = 'PENDING'
   ORDER BY r.created_at DESC LIMIT 1)`;

export type PendingRow = { requestId: string; email: string; expiresAt: string; outboxStatus: keyof typeof deliveryOf | null; lastError: string | null };

/** Where the link went and whether it could be sent, from pendingSql's row. */
export function toPendingChange(row: PendingRow | null, now: Date): PendingChange | null {
  if (!row) return null;
  const expiresAt = new Date(row.expiresAt);
  return {
    requestId: row.requestId,
    email: row.email,
    expiresAt,
    expired: expiresAt <= now,
    delivery: deliveryOf[row.outboxStatus ?? 'PENDING'],
    deliveryError: row.outboxStatus ? refusal(row.outboxStatus, row.lastError) : null,
  };
}

/** The user's unconfirmed request: where the link went and whether it could be sent. */
export async function pendingChange(db: Db, userId: string, now: Date): Promise<PendingChange | null> {
  const [row] = await db.$queryRaw<{ pending: PendingRow | null }[]>`SELECT ${pendingSql(userId)} AS pending`;
  return toPendingChange(row!.pending, now);
}

/** Withdraws the user's unconfirmed request: its link stops working. Returns whether there was one. */
export async function cancelPendingChange(db: Db, actor: Actor, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const cancelled = await tx.emailChangeRequest.updateManyAndReturn({
      where: { userId: actor.userId, status: 'PENDING' },
      data: { status: 'CANCELLED' },
      select: { id: true },
    });
    for (const request of cancelled) {
      await audit(tx, { type: 'email.cancelled', userId: actor.userId, actor: `user:${actor.userId}`, meta: actor.meta, detail: { requestId: request.id }, at: now });
    }
    return cancelled.length > 0;
  });
}
