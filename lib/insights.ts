/**
 * Insights (DESIGN §7): how the e-mail feature is doing, for staff, computed from the
 * audit trail and the outbox themselves, not a second store. Days are Nepal days
 * (UTC+5:45 all year), the way the rest of the app shows time.
 *
 * Cost: every query reads audit events by `created_at` on the table's BRIN index, so it
 * touches the chosen range's pages and no others; `bench/insights.ts` measures it on a
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
const bounds = (range: DayRange) => ({ start: new Date(dayStart(range.from)), end: new Date(dayStart(range.to) + dayMs) });

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

// The Nepal day of an event, computed as the range's bounds are.
const nepalDay = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'Asia/Kathmandu', 'YYYY-MM-DD')`);

/**
 * One pass over the range's events. The funnel counts a request, the verification
 * e-mail accepted by SMTP (not the notices to the old address), and the confirmation.
 */
const countsSql = (start: Date, end: Date) => Prisma.sql`
  SELECT ${nepalDay('created_at')} AS day,
    count(*) FILTER (WHERE type = 'email.requested')::int AS requested,
    count(*) FILTER (WHERE type = 'email.sent' AND detail->>'kind' = 'verify-email')::int AS sent,
    count(*) FILTER (WHERE type = 'email.verified')::int AS verified,
    count(*) FILTER (WHERE type = 'email.failed')::int AS failed,
    count(*) FILTER (WHERE type = 'email.bounced')::int AS bounced,
    count(*) FILTER (WHERE type = 'email.expired')::int AS expired,
    count(*) FILTER (WHERE type = 'reauth.locked')::int AS "reauthLocked",
    count(*) FILTER (WHERE type = 'email.code_locked')::int AS "codeLocked",
    count(*) FILTER (WHERE type IN ('recovery.undone', 'recovery.conflict'))::int AS recoveries
  FROM audit_events
  WHERE created_at >= ${start} AND created_at < ${end}
    AND type IN ('email.requested', 'email.sent', 'email.verified', 'email.failed', 'email.bounced', 'email.expired',
                 'reauth.locked', 'email.code_locked', 'recovery.undone', 'recovery.conflict')
  GROUP BY 1`;

/**
 * Time to verify: each confirmation in the range against its request's creation (one
 * primary-key lookup per confirmation), per day and over the whole range (the empty
 * grouping set). A request id that is not a UUID matches nothing rather than failing.
 */
const verifyTimesSql = (start: Date, end: Date) => Prisma.sql`
  SELECT ${nepalDay('v.created_at')} AS day, count(*)::int AS verified,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM v.created_at - r.created_at))::float8 AS "medianSeconds",
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM v.created_at - r.created_at))::float8 AS "p90Seconds"
  FROM audit_events v
  JOIN email_change_requests r
    ON r.id = CASE WHEN v.detail->>'requestId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (v.detail->>'requestId')::uuid END
  WHERE v.type = 'email.verified' AND v.created_at >= ${start} AND v.created_at < ${end}
  GROUP BY GROUPING SETS ((1), ())`;

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
