/**
 * The transactional outbox. A change and the e-mail announcing it are written in
 * one transaction; a dispatcher (local worker or Inngest) delivers it later.
 */
import type { Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';

export type OutboxPayload =
  | {
      kind: 'verify-email';
      userId: string;
      requestId: string;
      displayName: string;
      // The link's token and the 6-digit code, sealed; both erased once sent (lib/jobs/deliver.ts).
      sealedToken: string | null;
      sealedCode?: string | null;
      expiresAt: string;
    }
  | {
      kind: 'email-changed';
      userId: string;
      displayName: string;
      newEmail: string;
      changedAt: string;
      device: string;
      ip: string;
      // The "This wasn't me" link's token, sealed; erased once sent (lib/jobs/deliver.ts).
      sealedUndoToken?: string | null;
      undoExpiresAt?: string;
    }
  | { kind: 'email-restored'; userId: string; displayName: string; undoneAt: string; restored: boolean };

export type OutboxKind = OutboxPayload['kind'];

export function enqueue(tx: Prisma.TransactionClient, message: { recipient: string; payload: OutboxPayload; requestId?: string; now: Date }) {
  return tx.outboxMessage.create({
    data: {
      kind: message.payload.kind,
      recipient: message.recipient,
      payload: message.payload,
      requestId: message.requestId ?? null,
      nextAttemptAt: message.now,
      createdAt: message.now,
    },
  });
}

export interface ClaimedMessage {
  id: string;
  kind: OutboxKind;
  recipient: string;
  payload: OutboxPayload;
  attempts: number;
  requestId: string | null;
  /** The account's language as the message is claimed: a change of language before sending is honoured. */
  locale: string | null;
  /** When the row was written: delivery latency is measured from here. */
  createdAt: Date;
}

/** What a claim hands the sender: the row, and the language of the account it is for. */
export const claimedColumns = Prisma.sql`id, kind, recipient::text AS recipient, payload, attempts, request_id AS "requestId", created_at AS "createdAt",
  (SELECT locale FROM users WHERE users.id = (payload->>'userId')::uuid) AS locale`;

/**
 * Takes up to `limit` due rows for `leaseMs`. Each claim counts as an attempt, so a
 * worker that dies holding rows cannot retry them forever; SKIP LOCKED lets
 * several workers claim side by side.
 */
export async function claimDue(db: Db, now: Date, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const leaseEnd = new Date(now.getTime() + leaseMs);
  return db.$queryRaw<ClaimedMessage[]>`
    UPDATE outbox_messages
    SET claimed_until = ${leaseEnd}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_messages
      WHERE status = 'PENDING' AND next_attempt_at <= ${now}
        AND (claimed_until IS NULL OR claimed_until < ${now})
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING ${claimedColumns}`;
}

/** Exponential backoff with jitter: ~2 s, 4 s, 8 s … capped at 10 minutes. */
export function retryDelayMs(attempts: number, random = Math.random) {
  const base = Math.min(2 ** attempts * 1000, 10 * 60_000);
  return Math.round(base * (0.75 + random() * 0.5));
}
