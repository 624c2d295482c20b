import { RateLimiterPrisma } from 'rate-limiter-flexible';
import { isRefusal } from '@/lib/rate-limit';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export interface EmailLimitConfig {
  cooldownSeconds: number;
  perHour: number;
}

/**
 * Verification e-mails: one per cooldown and a cap per hour for each account, and a
 * cap per IP (ten accounts' worth). Built on the transaction that writes the request,
 * so a refused or rolled-back request spends nothing (and PGlite's single session
 * never waits on itself).
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

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Seconds until `userId` from `ip` may send again, or null when a send is allowed
 * now. Reads only: a refusal spends nothing.
 */
export async function sendWait(limits: EmailLimits, userId: string, ip: string): Promise<number | null> {
  for (const [limiter, key] of [
    [limits.hourly, userId],
    [limits.ip, ip],
    [limits.cooldown, userId],
  ] as const) {
    const state = await limiter.get(key);
    if (state && state.consumedPoints >= limiter.points) return seconds(state.msBeforeNext);
  }
  return null;
}

/**
 * Spends one send from the account's and the IP's hourly budget. Every answer that
 * tells something about an address (sent to it, or "linked to another account")
 * costs one, so an account learns about at most a handful of addresses an hour.
 */
export async function spendBudget(limits: EmailLimits, userId: string, ip: string) {
  await Promise.all([limits.hourly.penalty(userId), limits.ip.penalty(ip)]);
}

/** Starts the account's cooldown; a parallel send that got there first makes this one wait. */
export async function startCooldown(limits: EmailLimits, userId: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  try {
    await limits.cooldown.consume(userId);
    return { ok: true };
  } catch (refusal) {
    if (isRefusal(refusal)) return { ok: false, retryAfterSeconds: seconds(refusal.msBeforeNext) };
    throw refusal;
  }
}

/** Seconds until the account may send again (0 when it may), for the profile's countdown. */
export async function cooldownLeft(limits: EmailLimits, userId: string): Promise<number> {
  const state = await limits.cooldown.get(userId);
  return state && state.consumedPoints >= 1 ? Math.ceil(state.msBeforeNext / 1000) : 0;
}
