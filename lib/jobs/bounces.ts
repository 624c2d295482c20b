/**
 * Bounces that arrive after SMTP accepted a message (the relay took it, the
 * recipient's server refused it later). Two ways in, both ending in markBounced
 * (recorded once, audited, shown on the profile and in the support console):
 *
 *  - a mail provider's webhook, signed with Standard Webhooks (webhook-id,
 *    webhook-timestamp, webhook-signature; the standardwebhooks package), carrying
 *    the bounced message's Message-ID, which is "<outbox id@wallet-email>";
 *  - a delivery-status notification (RFC 3464) sent to the message's return path: with
 *    BOUNCE_DOMAIN set, every message goes out with the envelope sender
 *    bounce+<outbox id>@BOUNCE_DOMAIN (VERP), and a small SMTP listener the dispatcher
 *    runs (BOUNCE_SMTP_PORT) reads what comes back with mailparser.
 */
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { z } from 'zod';
import type { Db } from '@/lib/db';
import { markBounced } from '@/lib/jobs/deliver';
import { outboxIdFromMessageId, outboxIdFromReturnPath } from '@/lib/jobs/return-path';

/** One recipient's block of a delivery-status report. */
export interface DeliveryStatus {
  recipient: string | null;
  action: string;
  status: string;
  diagnostic: string | null;
}

/** The per-recipient fields of a message/delivery-status part (RFC 3464 §2.3). */
export function parseDeliveryStatus(report: string): DeliveryStatus[] {
  // Continuation lines (starting with space or tab) belong to the field above them.
  const unfolded = report.replace(/\r?\n[ \t]+/g, ' ');
  const blocks = unfolded.split(/\r?\n\r?\n/).map((block) => {
    const fields = new Map<string, string>();
    for (const line of block.split(/\r?\n/)) {
      const at = line.indexOf(':');
      if (at > 0) fields.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
    }
    return fields;
  });
  return blocks
    .filter((fields) => fields.has('action') && fields.has('status'))
    .map((fields) => ({
      recipient: fields.get('final-recipient')?.replace(/^rfc822;\s*/i, '') ?? null,
      action: fields.get('action')!.toLowerCase(),
      status: fields.get('status')!,
      diagnostic: fields.get('diagnostic-code')?.replace(/^smtp;\s*/i, '') ?? null,
    }));
}

/** A permanent failure (Action: failed, Status 5.x.x); delays and successes are not bounces. */
export const isPermanent = (status: DeliveryStatus) => status.action === 'failed' && status.status.startsWith('5');

/** Reads a DSN mailed to `returnPathAddress` and records the bounce it reports. True when one was recorded. */
export async function handleDsn(db: Db, input: { returnPathAddress: string; raw: Buffer | string; at: Date }) {
  const outboxId = outboxIdFromReturnPath(input.returnPathAddress);
  if (!outboxId) return false;
  const parsed = await simpleParser(input.raw);
  // mailparser hands an inline message/delivery-status part over as text, an attached one
  // as an attachment: both are read, and only blocks with Action and Status fields count.
  const parts = [parsed.text ?? '', ...parsed.attachments.filter((part) => /delivery-status/i.test(part.contentType)).map((part) => part.content.toString('utf8'))];
  const failed = parts.flatMap(parseDeliveryStatus).find(isPermanent);
  if (!failed) return false;
  return markBounced(db, { outboxId, reason: failed.diagnostic ?? `status ${failed.status}`, source: 'dsn', at: input.at });
}

/**
 * The small SMTP listener for DSNs. It accepts mail only for return-path addresses
 * (anything else is refused at RCPT), reads each message, and answers 250 either way:
 * a bounce we cannot use is not the sender's problem.
 */
export function startBounceListener(options: { db: Db; port: number; host?: string; onError?: (error: unknown) => void }) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (outboxIdFromReturnPath(address.address)) return callback();
      return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        Promise.all(session.envelope.rcptTo.map((to) => handleDsn(options.db, { returnPathAddress: to.address, raw, at: new Date() })))
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => callback());
      });
    },
  });
  server.on('error', (error) => options.onError?.(error));
  server.listen(options.port, options.host ?? '0.0.0.0');
  return { stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** What a provider's bounce webhook posts (see README, "Bounces"): the message, and why. */
export const bounceEvent = z.object({
  type: z.string(),
  data: z.object({
    message_id: z.string().max(200),
    recipient: z.string().max(320).optional(),
    reason: z.string().max(2000).optional(),
    permanent: z.boolean().optional(),
  }),
});

export type BounceEventResult = 'recorded' | 'already_recorded' | 'ignored';

/** A verified webhook event: a permanent bounce of one of our messages is recorded (once). */
export async function handleBounceEvent(db: Db, event: z.infer<typeof bounceEvent>, at: Date): Promise<BounceEventResult> {
  const outboxId = outboxIdFromMessageId(event.data.message_id);
  if (event.type !== 'email.bounced' || event.data.permanent === false || !outboxId) return 'ignored';
  const recorded = await markBounced(db, { outboxId, reason: event.data.reason ?? 'bounced', source: 'webhook', at });
  return recorded ? 'recorded' : 'already_recorded';
}
