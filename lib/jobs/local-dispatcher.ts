/**
 * The local dispatcher (embedded default): a loop in the app's process that
 * claims due outbox rows and delivers them. Requests nudge it right after they
 * commit, so a message goes out at once instead of at the next poll. With
 * `retention`, the same loop runs the retention sweep every `everyMs`.
 */
import type { Transporter } from 'nodemailer';
import type { Db } from '@/lib/db';
import { claimDue } from '@/lib/jobs/outbox';
import { attempt, markSent, type DeliveryConfig } from '@/lib/jobs/deliver';
import { pruneHistory, type RetentionConfig } from '@/lib/jobs/retention';

export interface LocalDispatcherOptions {
  db: Db;
  transport: Transporter;
  config: DeliveryConfig;
  pollMs: number;
  batchSize: number;
  leaseMs?: number;
  retention?: { config: RetentionConfig; everyMs: number };
  onError?: (error: unknown) => void;
}

export function startLocalDispatcher(options: LocalDispatcherOptions) {
  const { db, transport, config, pollMs, batchSize, leaseMs = 60_000 } = options;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let prunedAt = 0;

  async function drain() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const batch = await claimDue(db, new Date(), batchSize, leaseMs);
        const outcomes = await Promise.all(batch.map((message) => attempt(db, transport, message, config)));
        await markSent(db, batch.filter((_, index) => outcomes[index] === 'sent'), new Date());
        if (batch.length === batchSize) again = true;
      } while (again && !stopped);
      if (options.retention && !stopped && Date.now() - prunedAt >= options.retention.everyMs) {
        prunedAt = Date.now();
        await pruneHistory(db, new Date(), options.retention.config);
      }
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
      if (!stopped) schedule();
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => void drain(), pollMs);
    timer.unref();
  }

  schedule();
  return {
    nudge: () => void drain(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      while (running) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}
