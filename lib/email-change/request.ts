/**
 * UC02 / UC04 / UC07: asking for a verification link. The request, the
 * superseding of older ones, the outbox row and the audit events are one
 * transaction; nothing is sent from here.
 */
import { randomUUID } from 'node:crypto';
import { audit, auditAll } from '@/lib/audit';
import { seal } from '@/lib/crypto/seal';
import type { Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { reauthStatus, type ReauthConfig } from '@/lib/auth/reauth';
import { normalizeEmail, sameAddress } from '@/lib/email-change/address';
import { isDisposable, type MailServer, type MailServerCheck } from '@/lib/email-change/deliverability';
import { suggestAddress } from '@/lib/email-change/suggest';
import { createEmailLimits, sendWait, spendBudget, startCooldown, type EmailLimitConfig } from '@/lib/email-change/limits';
import { codeHash, newCode } from '@/lib/email-change/codes';
import { newToken } from '@/lib/email-change/tokens';
import { enqueue } from '@/lib/jobs/outbox';
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

async function takenByAnother(db: Pick<Db, 'user'>, email: string, userId: string) {
  return (await db.user.count({ where: { email, NOT: { id: userId } } })) > 0;
}

type WriteResult = Extract<RequestResult, { ok: true }> | { ok: false; code: 'email_taken' } | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/**
 * Writes a new pending request for `email`, superseding the user's older ones, with
 * its outbox row, in one transaction. The send budget is spent first: "linked to
 * another account" is answered only after that, so it costs what a send costs.
 */
async function writeRequest(ctx: EmailChangeContext, actor: Actor, email: string, idempotencyKey: string, kind: 'requested' | 'resent'): Promise<WriteResult> {
  const { db, now, config } = ctx;
  const { token, tokenHash } = newToken();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + config.tokenTtlMs);
  return db.$transaction(async (tx) => {
    const limits = createEmailLimits(tx, ctx.limits);
    const wait = await sendWait(limits, actor.userId, actor.meta.ip);
    if (wait !== null) return { ok: false as const, code: 'rate_limited' as const, retryAfterSeconds: wait };
    await spendBudget(limits, actor.userId, actor.meta.ip);
    if (await takenByAnother(tx, email, actor.userId)) return { ok: false as const, code: 'email_taken' as const };

    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId } });
    // A concurrent copy of this submission waits on the unique (user, idempotency key)
    // index here, fails once this one commits, and then replays it.
    const request = await tx.emailChangeRequest.create({
      data: {
        userId: actor.userId,
        newEmail: email,
        oldEmail: user.email,
        tokenHash,
        codeHash: codeHash(config.codeKey, tokenHash, code),
        idempotencyKey,
        expiresAt,
        ip: actor.meta.ip,
        userAgent: actor.meta.userAgent,
        createdAt: now,
      },
    });
    const cooled = await startCooldown(limits, actor.userId);
    // Another submission sent a link a moment ago: this one rolls back, spending nothing.
    if (!cooled.ok) throw new RateLimited(cooled.retryAfterSeconds);
    const superseded = await tx.emailChangeRequest.updateManyAndReturn({
      where: { userId: actor.userId, status: 'PENDING', NOT: { id: request.id } },
      data: { status: 'SUPERSEDED' },
      select: { id: true },
    });
    const outbox = await enqueue(tx, {
      recipient: email,
      requestId: request.id,
      now,
      payload: {
        kind: 'verify-email',
        userId: actor.userId,
        requestId: request.id,
        displayName: user.displayName,
        sealedToken: seal(config.sealKey, token),
        sealedCode: seal(config.sealKey, code),
        expiresAt: expiresAt.toISOString(),
      },
    });
    const base = { userId: actor.userId, actor: `user:${actor.userId}`, meta: actor.meta, at: now };
    await auditAll(tx, [
      ...superseded.map((old) => ({ ...base, type: 'email.superseded' as const, detail: { requestId: old.id, by: request.id } })),
      { ...base, type: 'email.requested', detail: { requestId: request.id, email, via: kind } },
      { ...base, type: 'email.queued', detail: { requestId: request.id, outboxId: outbox.id } },
    ]);
    return { ok: true as const, requestId: request.id, email, expiresAt };
  });
}

class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited');
  }
}

async function replayed(db: Db, userId: string, idempotencyKey: string): Promise<RequestResult | null> {
  const earlier = await db.emailChangeRequest.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
  return earlier && { ok: true, requestId: earlier.id, email: earlier.newEmail, expiresAt: earlier.expiresAt };
}

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

async function writeOrReplay(
  ctx: EmailChangeContext,
  actor: Actor,
  email: string,
  idempotencyKey: string,
  kind: 'requested' | 'resent',
): Promise<RequestResult> {
  try {
    const result = await writeRequest(ctx, actor, email, idempotencyKey, kind);
    // A copy of this submission that committed first started the cooldown that refused this one.
    if (!result.ok && result.code === 'rate_limited') return (await replayed(ctx.db, actor.userId, idempotencyKey)) ?? result;
    return result;
  } catch (error) {
    if (error instanceof RateLimited) return { ok: false, code: 'rate_limited', retryAfterSeconds: error.retryAfterSeconds };
    // The same submission arrived twice at once: the other copy won; answer as it did.
    if (isUniqueViolation(error)) {
      const earlier = await replayed(ctx.db, actor.userId, idempotencyKey);
      if (earlier) return earlier;
    }
    throw error;
  }
}

export interface AddressCheck {
  email: string;
  /** "Did you mean …?": never blocks. */
  suggestion: string | null;
  disposable: boolean;
  /** 'not_checked' where the look-up is turned off (EMAIL_MX_CHECK=off). */
  mailServer: MailServer | 'not_checked';
}

/** What the app can tell about an address before anything is sent: for the form, the API and the request itself. */
export async function checkAddress(config: EmailChangeConfig, email: string): Promise<AddressCheck> {
  const checks = config.deliverability;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return {
    email,
    suggestion: suggestAddress(email),
    disposable: checks ? isDisposable(domain, checks.disposableAllowed) : false,
    mailServer: checks?.mailServer ? await checks.mailServer(domain) : 'not_checked',
  };
}

/** A throwaway address, or a domain with no mail server; a DNS failure lets the send go ahead. */
async function deliverabilityRefusal(ctx: EmailChangeContext, email: string): Promise<RequestResult | null> {
  const check = await checkAddress(ctx.config, email);
  const refused = { domain: email.slice(email.lastIndexOf('@') + 1), suggestion: check.suggestion };
  // The list holds typo domains too ("gmial.com"): someone else's mailbox, so the same refusal.
  if (check.disposable) return { ok: false, code: 'disposable_email', ...refused };
  if (check.mailServer === 'none') return { ok: false, code: 'no_mail_server', ...refused };
  return null;
}

/** Refuses unless this session has just proved presence (UC03) and the account is not locked (UC05). */
async function presenceRefusal(ctx: EmailChangeContext, actor: Actor): Promise<RequestResult | null> {
  const status = await reauthStatus(ctx.db, actor.userId, actor.sessionId, ctx.now, ctx.config.reauth);
  if (status.state === 'locked') return { ok: false, code: 'locked', until: status.until };
  return status.state === 'privileged' ? null : { ok: false, code: 'reauth_required' };
}

/** Add or change the account's e-mail: needs a fresh re-auth, then queues a verification link. */
export async function requestEmailChange(
  ctx: EmailChangeContext,
  actor: Actor,
  input: { email: string; idempotencyKey: string },
): Promise<RequestResult> {
  const { db } = ctx;
  // A retry of a submission whose response was lost gets the same answer, not a second e-mail.
  const earlier = await replayed(db, actor.userId, input.idempotencyKey);
  if (earlier) return earlier;

  const address = normalizeEmail(input.email);
  if (!address.ok) return { ok: false, code: 'invalid_email' };
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true, emailHoldAt: true } });
  // After a recovery (or when support says so) nothing changes the address until support lifts the hold.
  if (user.emailHoldAt) return { ok: false, code: 'on_hold' };
  // The user's own address reveals nothing: said before asking them to prove presence.
  if (sameAddress(user.email, address.email)) return { ok: false, code: 'same_email' };
  // Nor does whether an address can receive mail: a wrong one is caught before the password.
  const undeliverable = await deliverabilityRefusal(ctx, address.email);
  if (undeliverable) return undeliverable;
  const refusal = await presenceRefusal(ctx, actor);
  if (refusal) return refusal;
  return writeOrReplay(ctx, actor, address.email, input.idempotencyKey, 'requested');
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
  return writeOrReplay(ctx, actor, latest.newEmail, idempotencyKey, 'resent');
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

/** The user's unconfirmed request, for the profile: where the link went and whether it could be sent. */
export async function pendingChange(db: Db, userId: string, now: Date): Promise<PendingChange | null> {
  const request = await db.emailChangeRequest.findFirst({
    where: { userId, status: 'PENDING' },
    orderBy: { createdAt: 'desc' },
    include: { emails: { select: { status: true, lastError: true }, orderBy: { createdAt: 'desc' }, take: 1 } },
  });
  if (!request) return null;
  const outbox = request.emails[0];
  const delivery = deliveryOf[outbox?.status ?? 'PENDING'];
  return {
    requestId: request.id,
    email: request.newEmail,
    expiresAt: request.expiresAt,
    expired: request.expiresAt <= now,
    delivery,
    deliveryError: outbox ? refusal(outbox.status, outbox.lastError) : null,
  };
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
