/**
 * Delivery of one outbox row, shared by both dispatchers: send, then record the
 * outcome. A failure is retried with backoff until the attempts run out; then the
 * row is marked failed and the profile offers a resend.
 */
import type { Transporter } from 'nodemailer';
import { audit } from '@/lib/audit';
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
  });
}

export type DeliveryOutcome = 'sent' | 'retry' | 'failed';

export async function deliver(db: Db, transport: Transporter, message: ClaimedMessage, config: DeliveryConfig, now = () => new Date()): Promise<DeliveryOutcome> {
  const { userId } = message.payload;
  const detail = { outboxId: message.id, kind: message.kind, attempt: message.attempts };
  try {
    await sendOutboxMessage(transport, message, config);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
    const at = now();
    if (message.attempts >= config.maxAttempts) {
      await markOutboxFailed(db, message.id, reason, at, detail);
      return 'failed';
    }
    await db.outboxMessage.update({
      where: { id: message.id },
      data: { lastError: reason, claimedUntil: null, nextAttemptAt: new Date(at.getTime() + retryDelayMs(message.attempts)) },
    });
    return 'retry';
  }
  const at = now();
  // The link's token is no longer needed once it has been handed to SMTP.
  const payload = (message.kind === 'verify-email' ? { ...message.payload, sealedToken: null } : message.payload) as Prisma.InputJsonObject;
  await db.$transaction(async (tx) => {
    await tx.outboxMessage.update({ where: { id: message.id }, data: { status: 'SENT', sentAt: at, claimedUntil: null, lastError: null, payload } });
    await audit(tx, { type: 'email.sent', userId, actor: 'system', detail, at });
  });
  return 'sent';
}
