/**
 * Insights (DESIGN §7): how the e-mail feature is doing, for staff, computed from the
 * audit trail and the outbox themselves, not a second store. Days are Nepal days
 * (UTC+5:45 all year), the way the rest of the app shows time.
 *
 * Cost: the counts read audit events by `created_at` on the table's BRIN index, so they
 * touch the chosen range's pages and no others; time to verify reads the confirmed
 * requests of the range on a partial index. `bench/insights.ts` measures both on a
 * million events (README, "Insights on a million events").
 */
import { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/db';

/** The longest range the page accepts: a year and a day. */
export const maxRangeDays = 366;
const defaultRangeDays = 30;
const offsetMs = (5 * 60 + 45) * 60_000;
const dayMs = 86_400_000;

/** A range of Nepal days, both ends included, as `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

export type RangeProblem = 'invalid' | 'order' | 'tooLong';

const dayKey = (instant: number) => new Date(instant + offsetMs).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) - offsetMs;
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && dayKey(dayStart(value)) === value;

/** The last `days` Nepal days, today included. */
export function lastDays(days: number, now: Date): DayRange {
  return { to: dayKey(now.getTime()), from: dayKey(now.getTime() - (days - 1) * dayMs) };
}

const defaultRange = (now: Date) => lastDays(defaultRangeDays, now);

/** The range a staff member typed, or the default with the reason it was not taken. */
export function parseRange(input: { from?: string; to?: string }, now: Date): { range: DayRange; problem?: RangeProblem } {
  const from = input.from?.trim() ?? '';
  const to = input.to?.trim() ?? '';
  if (!from && !to) return { range: defaultRange(now) };
  if (!isDay(from) || !isDay(to)) return { range: defaultRange(now), problem: 'invalid' };
  if (from > to) return { range: defaultRange(now), problem: 'order' };
  if (daysIn({ from, to }).length > maxRangeDays) return { range: defaultRange(now), problem: 'tooLong' };
  return { range: { from, to } };
}

/** Every day of the range, in order. */
export function daysIn(range: DayRange): string[] {
  const days: string[] = [];
  for (let start = dayStart(range.from), end = dayStart(range.to); start <= end && days.length <= maxRangeDays; start += dayMs) days.push(dayKey(start));
  return days;
}

/** The instants the range covers: [start of `from`, start of the day after `to`). */
export const bounds = (range: DayRange) => ({ start: new Date(dayStart(range.from)), end: new Date(dayStart(range.to) + dayMs) });

const counted = ['requested', 'sent', 'verified', 'failed', 'bounced', 'expired', 'reauthLocked', 'codeLocked', 'recoveries'] as const;
export type Counted = (typeof counted)[number];
export type DayCounts = { day: string } & Record<Counted, number>;

export interface VerifyTimes {
  day: string;
  verified: number;
  /** Seconds from the request to the confirmation; null on a day with none. */
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface Insights {
  range: DayRange;
  days: DayCounts[];
  totals: Record<Counted, number>;
  timeToVerify: { days: VerifyTimes[]; overall: Omit<VerifyTimes, 'day'> };
  /** The outbox now: e-mails waiting to go, and since when the oldest has waited. */
  outbox: { waiting: number; oldestSince: Date | null };
}

// The Nepal day of an instant, as a date: cheap to group on (a hash of dates, no text per row).
const nepalDate = (column: string) => Prisma.raw(`(${column} AT TIME ZONE 'Asia/Kathmandu')::date`);
const dayText = (column: string) => Prisma.raw(`to_char((${column} AT TIME ZONE 'Asia/Kathmandu')::date, 'YYYY-MM-DD')`);

/**
 * One pass over the range's events. The funnel counts a request, the verification
 * e-mail accepted by SMTP (not the notices to the old address), and the confirmation.
 */
export const countsSql = (start: Date, end: Date) => Prisma.sql`
  SELECT to_char(day, 'YYYY-MM-DD') AS day,
    count(*) FILTER (WHERE type = 'email.requested')::int AS requested,
    count(*) FILTER (WHERE verification)::int AS sent,
    count(*) FILTER (WHERE type = 'email.verified')::int AS verified,
    count(*) FILTER (WHERE type = 'email.failed')::int AS failed,
    count(*) FILTER (WHERE type = 'email.bounced')::int AS bounced,
    count(*) FILTER (WHERE type = 'email.expired')::int AS expired,
    count(*) FILTER (WHERE type = 'reauth.locked')::int AS "reauthLocked",
    count(*) FILTER (WHERE type = 'email.code_locked')::int AS "codeLocked",
    count(*) FILTER (WHERE type IN ('recovery.undone', 'recovery.conflict'))::int AS recoveries
  FROM (
    -- Narrow rows (no detail) for the grouping to sort or hash.
    SELECT ${nepalDate('created_at')} AS day, type, type = 'email.sent' AND detail->>'kind' = 'verify-email' AS verification
    FROM audit_events
    WHERE created_at >= ${start} AND created_at < ${end}
      AND type IN ('email.requested', 'email.sent', 'email.verified', 'email.failed', 'email.bounced', 'email.expired',
                   'reauth.locked', 'email.code_locked', 'recovery.undone', 'recovery.conflict')
  ) events
  GROUP BY day`;

/**
 * Time to verify: from a request's creation to its confirmation, for the confirmations
 * made in the range, per day and over the whole range (the empty grouping set). Read
 * from the requests themselves on the partial index of confirmed ones by `consumed_at`
 * (a confirmation sets it once; nothing changes a verified request afterwards).
 */
export const verifyTimesSql = (start: Date, end: Date) => Prisma.sql`
  SELECT ${dayText('consumed_at')} AS day, count(*)::int AS verified,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM consumed_at - created_at))::float8 AS "medianSeconds",
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM consumed_at - created_at))::float8 AS "p90Seconds"
  FROM email_change_requests
  WHERE status = 'VERIFIED' AND consumed_at >= ${start} AND consumed_at < ${end}
  GROUP BY GROUPING SETS ((${nepalDate('consumed_at')}), ())`;

const zero = () => Object.fromEntries(counted.map((name) => [name, 0])) as Record<Counted, number>;

export async function insights(db: Db, range: DayRange): Promise<Insights> {
  const { start, end } = bounds(range);
  const [rows, times, [outbox]] = await Promise.all([
    db.$queryRaw<DayCounts[]>(countsSql(start, end)),
    db.$queryRaw<(Omit<VerifyTimes, 'day'> & { day: string | null })[]>(verifyTimesSql(start, end)),
    db.$queryRaw<{ waiting: number; oldestSince: Date | null }[]>`
      SELECT count(*)::int AS waiting, min(created_at) AS "oldestSince" FROM outbox_messages WHERE status = 'PENDING'`,
  ]);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const timesByDay = new Map<string, VerifyTimes>();
  for (const { day, ...row } of times) if (day !== null) timesByDay.set(day, { day, ...row });
  const days = daysIn(range).map((day) => ({ ...zero(), ...byDay.get(day), day }));
  const totals = zero();
  for (const day of days) for (const name of counted) totals[name] += day[name];
  const overall = times.find((row) => row.day === null);
  return {
    range,
    days,
    totals,
    timeToVerify: {
      days: days.map(({ day }) => timesByDay.get(day) ?? { day, verified: 0, medianSeconds: null, p90Seconds: null }),
      overall: { verified: overall?.verified ?? 0, medianSeconds: overall?.medianSeconds ?? null, p90Seconds: overall?.p90Seconds ?? null },
    },
    outbox: outbox ?? { waiting: 0, oldestSince: null },
  };
}
