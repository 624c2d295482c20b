import { RateLimiterPrisma } from 'rate-limiter-flexible';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export interface EmailLimitConfig {
  cooldownSeconds: number;
  perHour: number;
}

/**
 * Verification e-mails: one per cooldown and a cap per hour for each account, and a
 * cap per IP. Built on the transaction that writes the request, so a refused or
 * rolled-back request spends nothing (and PGlite's single session never waits on itself).
 */
export function createEmailLimits(db: Db | Prisma.TransactionClient, config: EmailLimitConfig) {
  const common = { storeClient: db, tableName: 'rateLimit', clearExpiredByTimeout: false };
  return {
    cooldown: new RateLimiterPrisma({ ...common, keyPrefix: 'email_cooldown', points: 1, duration: config.cooldownSeconds }),
    hourly: new RateLimiterPrisma({ ...common, keyPrefix: 'email_hourly', points: config.perHour, duration: 3600 }),
    ip: new RateLimiterPrisma({ ...common, keyPrefix: 'email_ip', points: config.perHour * 10, duration: 3600 }),
  };
}

export type EmailLimits = ReturnType<typeof createEmailLimits>;

/**
 * Spends one send for `userId` from `ip`, or says how many seconds until the
 * next is allowed. The hourly caps are checked first so a refusal there does
 * not also start a cooldown.
 */
export async function spendSend(limits: EmailLimits, userId: string, ip: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  for (const [limiter, key] of [
    [limits.hourly, userId],
    [limits.ip, ip],
  ] as const) {
    const state = await limiter.get(key);
    if (state && state.consumedPoints >= limiter.points) return { ok: false, retryAfterSeconds: seconds(state.msBeforeNext) };
  }
  try {
    await limits.cooldown.consume(userId);
  } catch (refusal) {
    return { ok: false, retryAfterSeconds: seconds((refusal as { msBeforeNext: number }).msBeforeNext) };
  }
  await Promise.all([limits.hourly.penalty(userId), limits.ip.penalty(ip)]);
  return { ok: true };
}

/** Seconds until the account may send again (0 when it may), for the profile's countdown. */
export async function cooldownLeft(limits: EmailLimits, userId: string): Promise<number> {
  const state = await limits.cooldown.get(userId);
  return state && state.consumedPoints >= 1 ? Math.ceil(state.msBeforeNext / 1000) : 0;
}
