/**
 * Verification e-mails: one per cooldown and a cap per hour for each account, and a
 * cap per IP (ten accounts' worth). Kept in `rate_limits` under rate-limiter-flexible's
 * keys ("email_cooldown:<user>", "email_hourly:<user>", "email_ip:<ip>") and spent by
 * the statement that writes the request (wallet_write_email_request, in
 * prisma/migrations/*_sql_hot_paths): a refused or rolled-back request spends nothing,
 * and no round trip is spent on them.
 */
import type { Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';

export interface EmailLimitConfig {
  cooldownSeconds: number;
  perHour: number;
}

/** SQL for the seconds until `userId` may send again (0 when it may): the profile's countdown. */
export const cooldownLeftSql = (userId: string) => Prisma.sql`
  (SELECT coalesce(max(ceil(extract(epoch FROM (expire - clock_timestamp())))), 0)::int
   FROM rate_limits WHERE key = 'email_cooldown:' || ${userId} AND points >= 1 AND expire > clock_timestamp())`;

/** The seconds until `userId` may send again, for a page that shows only that (the link's outcome pages). */
export async function cooldownLeft(db: Db, userId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ wait: number }[]>`SELECT ${cooldownLeftSql(userId)} AS wait`;
  return row?.wait ?? 0;
}
