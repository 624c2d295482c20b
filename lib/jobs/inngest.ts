/**
 * The Inngest dispatcher (production, scale-out). Each outbox row becomes an
 * event; a function delivers it in a step with Inngest's retries; a cron sweep
 * publishes rows whose event never went out (the app died between commit and
 * send, or Inngest was unreachable). Delivery itself is lib/jobs/deliver.ts,
 * shared with the local dispatcher.
 */
import { Inngest } from 'inngest';
import type { Transporter } from 'nodemailer';
import type { Db } from '@/lib/db';
import { deliver, markOutboxFailed, type DeliveryConfig } from '@/lib/jobs/deliver';
import { claimedColumns, type ClaimedMessage } from '@/lib/jobs/outbox';
import { pruneHistory, type RetentionConfig } from '@/lib/jobs/retention';

export const outboxEvent = 'wallet/outbox.message.created';

export interface InngestDeps {
  db: Db;
  transport: Transporter;
  config: DeliveryConfig;
  retention: RetentionConfig;
}

export function createInngest() {
  // Keys come from INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY; INNGEST_DEV=1 only on a developer's machine.
  return new Inngest({ id: 'wallet-email' });
}

/** Claims one row for this run, whatever its schedule: Inngest owns the timing in this mode. */
async function claimOne(db: Db, id: string, now: Date, leaseMs: number): Promise<ClaimedMessage | null> {
  const rows = await db.$queryRaw<ClaimedMessage[]>`
    UPDATE outbox_messages
    SET claimed_until = ${new Date(now.getTime() + leaseMs)}, attempts = attempts + 1
    WHERE id = ${id}::uuid AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ${now})
    RETURNING ${claimedColumns}`;
  return rows[0] ?? null;
}

/** Event ids dedupe in Inngest: publishing the same row twice starts one run. */
export const eventFor = (outboxId: string) => ({ id: `outbox-${outboxId}`, name: outboxEvent, data: { outboxId } });

export async function unpublished(db: Db, olderThan: Date, limit = 500) {
  const rows = await db.outboxMessage.findMany({
    where: { status: 'PENDING', publishedAt: null, createdAt: { lt: olderThan } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  return rows.map((row) => row.id);
}

export function createOutboxFunctions(inngest: Inngest, deps: () => InngestDeps) {
  const deliverMessage = inngest.createFunction(
    {
      id: 'deliver-outbox-message',
      triggers: { event: outboxEvent },
      // Inngest's own backoff between tries; when they run out, onFailure marks the row failed.
      retries: 7,
      onFailure: async ({ event, error }) => {
        const outboxId = String((event.data.event.data as { outboxId?: unknown }).outboxId ?? '');
        await markOutboxFailed(deps().db, outboxId, error.message, new Date());
      },
    },
    async ({ event, step }) => {
      const outboxId = String((event.data as { outboxId?: unknown }).outboxId ?? '');
      return step.run('send-email', async () => {
        const { db, transport, config } = deps();
        const message = await claimOne(db, outboxId, new Date(), 60_000);
        // Already sent, failed for good, or being sent by another run: nothing to do.
        if (!message) return { outboxId, outcome: 'skipped' as const };
        const outcome = await deliver(db, transport, message, config);
        if (outcome === 'retry') throw new Error(`sending outbox message ${outboxId} failed; Inngest will retry`);
        return { outboxId, outcome };
      });
    },
  );

  const sweep = inngest.createFunction({ id: 'sweep-outbox', triggers: { cron: '* * * * *' } }, async ({ step }) => {
    const ids = await step.run('find-unpublished', () => unpublished(deps().db, new Date(Date.now() - 30_000)));
    if (ids.length === 0) return { published: 0 };
    await step.sendEvent('publish', ids.map(eventFor));
    await step.run('mark-published', () => deps().db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { publishedAt: new Date() } }));
    return { published: ids.length };
  });

  // Hourly, at a minute of its own: what lib/jobs/retention.ts may delete.
  const prune = inngest.createFunction({ id: 'prune-history', triggers: { cron: '17 * * * *' } }, async ({ step }) =>
    step.run('prune', () => pruneHistory(deps().db, new Date(), deps().retention)),
  );

  return { deliverMessage, sweep, prune };
}

/** After a request commits (DISPATCHER=inngest): an event per new row. A failure here is left to the sweep. */
export async function publishPending(db: Db, inngest: Inngest) {
  const ids = await unpublished(db, new Date(Date.now() + 1000), 100);
  if (ids.length === 0) return 0;
  await inngest.send(ids.map(eventFor));
  await db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { publishedAt: new Date() } });
  return ids.length;
}
