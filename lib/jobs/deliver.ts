/**
 * Delivery of one outbox row, shared by both dispatchers: send, then record the
 * outcome. A mail server's permanent refusal (a 5xx reply, at RCPT or DATA) fails the
 * row at once, its reason kept: retrying "no such user" for twenty minutes helps
 * nobody. Anything else (a 4xx reply, a connection that failed) is retried with
 * backoff until the attempts run out; then the row is marked failed too. Either way
 * the profile says so and offers to change the address or resend.
 */
import type { Transporter } from 'nodemailer';
import { audit, auditAll } from '@/lib/audit';
import { metrics } from '@/lib/metrics';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { sendOutboxMessage, type MailConfig } from '@/lib/mailer';
import { retryDelayMs, type ClaimedMessage } from '@/lib/jobs/outbox';

export interface DeliveryConfig extends MailConfig {
  maxAttempts: number;
}

/**
 * Gives up on a row for good (still pending only, so a sent row is never marked
 * failed) and records it; the profile then offers a resend.
 */
export async function markOutboxFailed(db: Db, outboxId: string, reason: string, at: Date, detail: Prisma.InputJsonObject = {}) {
  const error = reason.slice(0, 500);
  await db.$transaction(async (tx) => {
    const [row] = await tx.outboxMessage.updateManyAndReturn({
      where: { id: outboxId, status: 'PENDING' },
      data: { status: 'FAILED', lastError: error, claimedUntil: null },
    });
    if (!row) return;
    const { userId } = row.payload as { userId?: string };
    await audit(tx, { type: 'email.failed', userId: userId ?? null, actor: 'system', detail: { outboxId, ...detail, reason: error }, at });
    metrics().deliveries.inc({ kind: row.kind, result: 'failed' });
  });
}

export type DeliveryOutcome = 'sent' | 'retry' | 'failed';

/**
 * Hands one row to SMTP. A failure is recorded here (retry later, or give up);
 * a success is left for `markSent`, so a dispatcher can record a whole batch at once.
 */
export async function attempt(db: Db, transport: Transporter, message: ClaimedMessage, config: DeliveryConfig, now = () => new Date()): Promise<DeliveryOutcome> {
  try {
    await sendOutboxMessage(transport, message, config);
    return 'sent';
  } catch (error) {
    const smtp = error as { responseCode?: unknown; response?: unknown };
    const permanent = typeof smtp.responseCode === 'number' && smtp.responseCode >= 500 && smtp.responseCode < 600;
    // The server's own words when it gave some ("550 5.1.1 <x>: user unknown"), else the error.
    const reason = (typeof smtp.response === 'string' ? smtp.response : error instanceof Error ? error.message : 'unknown error').slice(0, 500);
    const at = now();
    if (permanent || message.attempts >= config.maxAttempts) {
      await markOutboxFailed(db, message.id, reason, at, { outboxId: message.id, kind: message.kind, attempt: message.attempts, permanent });
      return 'failed';
    }
    await db.outboxMessage.update({
      where: { id: message.id },
      data: { lastError: reason, claimedUntil: null, nextAttemptAt: new Date(at.getTime() + retryDelayMs(message.attempts)) },
    });
    return 'retry';
  }
}

/**
 * Records rows SMTP accepted: sent, and the sealed secrets (a verification link's
 * token and code, an undo link's token) erased: not needed once handed over. One statement for the rows, one for the audit.
 */
export async function markSent(db: Db, messages: ClaimedMessage[], at: Date) {
  if (messages.length === 0) return;
  const ids = messages.map((message) => message.id);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      UPDATE outbox_messages
      SET status = 'SENT', sent_at = ${at}, claimed_until = NULL, last_error = NULL,
          payload = CASE kind
            WHEN 'verify-email' THEN payload || '{"sealedToken": null, "sealedCode": null}'::jsonb
            WHEN 'email-changed' THEN payload || '{"sealedUndoToken": null}'::jsonb
            ELSE payload END
      WHERE id = ANY(${ids}::uuid[])`;
    await auditAll(
      tx,
      messages.map((message) => ({
        type: 'email.sent' as const,
        userId: message.payload.userId,
        actor: 'system',
        detail: { outboxId: message.id, kind: message.kind, attempt: message.attempts },
        at,
      })),
    );
  });
  const { deliveries, deliveryLatency } = metrics();
  for (const message of messages) {
    deliveries.inc({ kind: message.kind, result: 'sent' });
    deliveryLatency.observe({ kind: message.kind }, Math.max(0, at.getTime() - new Date(message.createdAt).getTime()) / 1000);
  }
}

/** One row, start to finish (the Inngest function's step). */
export async function deliver(db: Db, transport: Transporter, message: ClaimedMessage, config: DeliveryConfig, now = () => new Date()): Promise<DeliveryOutcome> {
  const outcome = await attempt(db, transport, message, config, now);
  if (outcome === 'sent') await markSent(db, [message], now());
  return outcome;
}

/**
 * A message SMTP accepted was reported undeliverable afterwards (a provider's webhook,
 * or a delivery-status notification to our return path). Recorded once, however many
 * times the report arrives; true when this report was the one that recorded it.
 */
export async function markBounced(db: Db, input: { outboxId: string; reason: string; source: 'webhook' | 'dsn'; at: Date }) {
  const reason = input.reason.slice(0, 500);
  return db.$transaction(async (tx) => {
    const [row] = await tx.outboxMessage.updateManyAndReturn({
      where: { id: input.outboxId, status: { in: ['SENT', 'PENDING'] } },
      data: { status: 'BOUNCED', lastError: reason, claimedUntil: null },
    });
    if (!row) return false;
    const { userId } = row.payload as { userId?: string };
    metrics().deliveries.inc({ kind: row.kind, result: 'bounced' });
    await audit(tx, { type: 'email.bounced', userId: userId ?? null, actor: 'system', detail: { outboxId: input.outboxId, kind: row.kind, reason, source: input.source }, at: input.at });
    return true;
  });
}
