/**
 * The support console's view of an account (DESIGN: "support staff can see what
 * happened and help"): who it is, whether re-authentication is locked and why,
 * the e-mail change in flight, what was sent and whether it arrived, and the
 * audit trail. Staff find an account by what a caller can tell them: the mobile
 * number, the account's e-mail address, or the address they are trying to confirm.
 */
import type { AuditType } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { statusOf, type ReauthConfig } from '@/lib/auth/reauth';
import { normalizeEmail } from '@/lib/email-change/address';
import { pendingChange } from '@/lib/email-change/request';
import type { MessageKey, Translator } from '@/lib/i18n/translator';
import { normalizeMobileNumber } from '@/lib/mobile-number';

const maxMatches = 10;

export type AccountSearch = { ok: true; userIds: string[] } | { ok: false; code: 'invalid_query' };

export async function findAccounts(db: Db, query: string): Promise<AccountSearch> {
  const mobileNumber = normalizeMobileNumber(query);
  if (mobileNumber) {
    const user = await db.user.findUnique({ where: { mobileNumber }, select: { id: true } });
    return { ok: true, userIds: user ? [user.id] : [] };
  }
  const address = normalizeEmail(query);
  if (!address.ok) return { ok: false, code: 'invalid_query' };
  const users = await db.$queryRaw<{ id: string }[]>(accountsByAddressSql(address.email));
  return { ok: true, userIds: users.map((user) => user.id) };
}

/**
 * Accounts whose e-mail is `email` or who are confirming it, oldest first. One branch per
 * index: users' unique e-mail, and the partial index of addresses waiting for
 * confirmation. An OR across the join would read both tables whole (the benchmark's
 * `--accounts` run EXPLAINs both).
 */
export const accountsByAddressSql = (email: string) => Prisma.sql`
  SELECT id FROM (
    SELECT id, created_at FROM users WHERE email = ${email}::citext
    UNION
    SELECT u.id, u.created_at FROM email_change_requests r JOIN users u ON u.id = r.user_id
    WHERE r.new_email = ${email}::citext AND r.status = 'PENDING'
  ) found
  ORDER BY created_at LIMIT ${maxMatches}`;

function stringField(detail: unknown, key: string): string | null {
  const value = detail && typeof detail === 'object' ? (detail as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : null;
}

/** Locked, or open with the failures counted so far in the current window (a lock starts the count again). */
export type LockState = { state: 'locked'; until: Date } | { state: 'open'; failures: number };

export async function accountForSupport(db: Db, userId: string, now: Date, config: ReauthConfig) {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: {
      reauth: true,
      // Events written in one transaction share a time; their UUIDv7 ids keep the order.
      auditEvents: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 30 },
      emailChanges: {
        select: { emails: { select: { kind: true, recipient: true, status: true, attempts: true, lastError: true, createdAt: true, sentAt: true } } },
        orderBy: { createdAt: 'desc' },
        take: 5,
      },
      recoveries: { orderBy: { createdAt: 'desc' }, take: 3 },
    },
  });
  if (!user) return null;
  const status = statusOf(user.reauth, null, now, config);
  const lock: LockState =
    status.state === 'locked'
      ? { state: 'locked', until: status.until }
      : { state: 'open', failures: status.state === 'required' ? config.maxFailures - status.attemptsLeft : 0 };
  return {
    id: user.id,
    displayName: user.displayName,
    mobileNumber: user.mobileNumber,
    email: user.email,
    emailVerifiedAt: user.emailVerifiedAt,
    role: user.role,
    createdAt: user.createdAt,
    lock,
    hold: user.emailHoldAt ? { since: user.emailHoldAt, by: user.emailHoldBy ?? 'support', reason: user.emailHoldReason ?? '' } : null,
    passwordResetRequired: user.passwordResetRequired,
    // What "Undo the last email change" would put back.
    lastChange: await db.emailChangeRequest.findFirst({
      where: { userId: user.id, status: 'VERIFIED', oldEmail: { not: null } },
      orderBy: { consumedAt: 'desc' },
      select: { oldEmail: true, newEmail: true, consumedAt: true },
    }),
    recoveries: user.recoveries.map(({ removedEmail, addedEmail, status, addressClaimed, createdAt, usedAt, usedBy }) => ({ removedEmail, addedEmail, status, conflict: addressClaimed, createdAt, usedAt, usedBy })),
    pending: await pendingChange(db, user.id, now),
    emails: user.emailChanges
      .flatMap((request) => request.emails)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, 10),
    events: user.auditEvents.map(({ id, type, actor, ip, userAgent, createdAt, detail }) => ({
      id,
      type: type as AuditType,
      actor,
      ip,
      userAgent,
      createdAt,
      // Only what helps on the phone: the address asked for and how identity was proved.
      address: stringField(detail, 'email'),
      method: stringField(detail, 'method'),
    })),
  };
}

export type SupportAccount = NonNullable<Awaited<ReturnType<typeof accountForSupport>>>;

/**
 * The console's first screen: accounts under a hold or recovered in the last week,
 * conflicts (an undo that could not restore the old address) included, newest first.
 */
export async function accountsNeedingAttention(db: Db, now: Date, limit = 20) {
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3_600_000);
  const users = await db.user.findMany({
    where: { OR: [{ emailHoldAt: { not: null } }, { recoveries: { some: { usedAt: { gte: weekAgo } } } }] },
    select: {
      id: true,
      displayName: true,
      mobileNumber: true,
      emailHoldAt: true,
      emailHoldBy: true,
      recoveries: { where: { usedAt: { gte: weekAgo } }, orderBy: { usedAt: 'desc' }, take: 1, select: { usedAt: true, addressClaimed: true } },
    },
    take: limit * 2,
  });
  const latest = (user: (typeof users)[number]) => Math.max(user.emailHoldAt?.getTime() ?? 0, user.recoveries[0]?.usedAt?.getTime() ?? 0);
  return users
    .sort((a, b) => latest(b) - latest(a))
    .slice(0, limit)
    .map((user) => ({
      id: user.id,
      displayName: user.displayName,
      mobileNumber: user.mobileNumber,
      onHold: user.emailHoldAt !== null,
      heldBy: user.emailHoldBy,
      recoveredAt: user.recoveries[0]?.usedAt ?? null,
      conflict: user.recoveries[0]?.addressClaimed ?? false,
      since: new Date(latest(user)),
    }));
}

/** What each audit event means, in the words support uses on the phone. */
/** Each audit event's words for support (messages/*.json, "support.event"); the compiler keeps the list complete. */
export const eventLabels: Record<AuditType, MessageKey> = {
  'email.requested': 'support.event.emailRequested',
  'email.queued': 'support.event.emailQueued',
  'email.sent': 'support.event.emailSent',
  'email.failed': 'support.event.emailFailed',
  'email.bounced': 'support.event.emailBounced',
  'email.verified': 'support.event.emailVerified',
  'email.expired': 'support.event.emailExpired',
  'email.superseded': 'support.event.emailSuperseded',
  'email.changed': 'support.event.emailChanged',
  'email.cancelled': 'support.event.emailCancelled',
  'email.code_failed': 'support.event.codeFailed',
  'email.code_locked': 'support.event.codeLocked',
  'reauth.ok': 'support.event.reauthOk',
  'reauth.failed': 'support.event.reauthFailed',
  'reauth.refused': 'support.event.reauthRefused',
  'reauth.cancelled': 'support.event.reauthCancelled',
  'reauth.locked': 'support.event.reauthLocked',
  'reauth.unlocked': 'support.event.reauthUnlocked',
  'passkey.added': 'support.event.passkeyAdded',
  'passkey.removed': 'support.event.passkeyRemoved',
  'auth.signed_in': 'support.event.signedIn',
  'auth.sign_in_failed': 'support.event.signInFailed',
  'auth.sign_in_refused': 'support.event.signInRefused',
  'auth.signed_out': 'support.event.signedOut',
  'session.ended': 'support.event.sessionEnded',
  'api_token.issued': 'support.event.tokenIssued',
  'api_token.revoked': 'support.event.tokenRevoked',
  'recovery.undone': 'support.event.recoveryUndone',
  'recovery.conflict': 'support.event.recoveryConflict',
  'recovery.password_set': 'support.event.recoveryPassword',
  'hold.placed': 'support.event.holdPlaced',
  'hold.lifted': 'support.event.holdLifted',
  'support.sessions_ended': 'support.event.sessionsEnded',
  'flag.changed': 'support.event.flagChanged',
};

const methodWords: Record<string, MessageKey> = { password: 'support.method.password', passkey: 'support.method.passkey', code: 'support.method.code' };

/** The line support reads for an event: its label, how identity was proved, the address asked for. */
export function eventText(event: { type: AuditType; method: string | null; address: string | null }, t: Translator): string {
  if (event.type === 'reauth.failed' && event.method === 'password') return t('support.wrongPassword');
  if (event.type === 'reauth.failed' && event.method?.startsWith('passkey')) return t('support.biometricsFailed');
  const how = event.method && (methodWords[event.method] ? t(methodWords[event.method]!) : event.method);
  if (event.type === 'reauth.failed' && how) return t('support.methodFailed', { how });
  const label = eventLabels[event.type] ? t(eventLabels[event.type]) : event.type;
  if (how) return t('support.with', { label, how });
  return event.address ? t('support.about', { label, address: event.address }) : label;
}

/** "user:<id>" → who that was, from the account's point of view. */
export function actorLabel(actor: string, accountId: string, t: Translator): string {
  if (actor === `user:${accountId}`) return t('support.actor.holder');
  if (actor.startsWith('staff:')) return t('support.actor.support');
  if (actor === 'system') return t('support.actor.system');
  if (actor === 'recovery-link') return t('support.actor.undoLink');
  if (actor === 'anonymous') return t('support.actor.anonymous');
  return t('support.actor.other');
}
