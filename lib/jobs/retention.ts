/**
 * Retention (issue 18): history that does not grow without bound. Each sweep deletes
 * in batches on an index, oldest first, and touches nothing a live flow still needs:
 *
 *  - an e-mail still queued (outbox PENDING) is never touched, however old;
 *  - a delivered, failed or bounced e-mail loses its payload (names, addresses, sealed
 *    links) after `outboxPayloadDays`, and the row (what support sees: kind, recipient,
 *    status, error) after `outboxDays`;
 *  - rate-limit windows and WebAuthn challenges go once they have expired: nothing reads
 *    an expired one;
 *  - sessions and app tokens go `sessionDays` after their absolute end (an ended one is
 *    refused already; the delay keeps "signed-in devices" history for support);
 *  - audit events are kept `auditDays` (default about seven years, what a regulator may
 *    ask of a wallet), then deleted by age on a BRIN index of created_at.
 *
 * Change requests and undo links are not swept: they are the account's history, one
 * row per change, and an open undo link must outlive everything above.
 */
import { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/db';

export interface RetentionConfig {
  // Defaults: lib/env.ts, where each can be changed.
  outboxPayloadDays: number;
  outboxDays: number;
  sessionDays: number;
  auditDays: number;
  /** Rows per statement: short transactions, so a sweep never holds locks for long. */
  batchSize: number;
}

export { retentionDefaults } from '@/lib/env';

export type Swept = Record<'outboxPayloads' | 'outboxRows' | 'rateLimits' | 'challenges' | 'sessions' | 'auditEvents', number>;

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/** Runs `statement` (which affects at most `batchSize` rows) until a batch comes back short. */
async function inBatches(db: Db, statement: Prisma.Sql, batchSize: number) {
  let total = 0;
  for (;;) {
    const count = await db.$executeRaw(statement);
    total += count;
    if (count < batchSize) return total;
  }
}

export async function pruneHistory(db: Db, now: Date, config: RetentionConfig): Promise<Swept> {
  const limit = config.batchSize;
  // Oldest first on a B-tree; on audit_events' BRIN index any old rows will do (a BRIN index keeps no order).
  const batch = (table: string, where: Prisma.Sql, order?: string) =>
    Prisma.sql`DELETE FROM ${Prisma.raw(table)} WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM ${Prisma.raw(table)} WHERE ${where} ${order ? Prisma.raw(`ORDER BY ${order}`) : Prisma.empty} LIMIT ${limit}))`;
  const payloadCutoff = daysBefore(now, config.outboxPayloadDays);
  return {
    // The partial index outbox_messages_settled_payload_idx holds exactly the rows this reads.
    outboxPayloads: await inBatches(
      db,
      Prisma.sql`UPDATE outbox_messages SET payload = '{}'::jsonb WHERE id IN (
        SELECT id FROM outbox_messages WHERE status <> 'PENDING' AND payload <> '{}'::jsonb AND created_at < ${payloadCutoff}
        ORDER BY created_at LIMIT ${limit})`,
      limit,
    ),
    outboxRows: await inBatches(db, batch('outbox_messages', Prisma.sql`created_at < ${daysBefore(now, config.outboxDays)} AND status <> 'PENDING'`, 'created_at'), limit),
    rateLimits: await inBatches(db, batch('rate_limits', Prisma.sql`expire < ${now}`, 'expire'), limit),
    challenges: await inBatches(db, batch('webauthn_challenges', Prisma.sql`expires_at < ${now}`, 'expires_at'), limit),
    sessions: await inBatches(db, batch('sessions', Prisma.sql`expires_at < ${daysBefore(now, config.sessionDays)}`, 'expires_at'), limit),
    auditEvents: await inBatches(db, batch('audit_events', Prisma.sql`created_at < ${daysBefore(now, config.auditDays)}`), limit),
  };
}
