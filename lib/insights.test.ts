import { describe, expect, it } from 'vitest';
import { daysIn, lastDays, maxRangeDays, parseRange } from '@/lib/insights';

// 2026-12-04 18:14 UTC is 23:59 in Nepal; a minute later it is the 5th there.
const lateEvening = new Date('2026-12-04T18:14:00Z');
const afterMidnight = new Date('2026-12-04T18:15:00Z');

describe('insights ranges', () => {
  it('defaults to the last 30 Nepal days, today included', () => {
    expect(parseRange({}, lateEvening)).toEqual({ range: { from: '2026-11-05', to: '2026-12-04' } });
    expect(parseRange({ from: ' ', to: '' }, afterMidnight)).toEqual({ range: { from: '2026-11-06', to: '2026-12-05' } });
    expect(lastDays(7, afterMidnight)).toEqual({ from: '2026-11-29', to: '2026-12-05' });
    expect(daysIn(lastDays(7, afterMidnight))).toHaveLength(7);
  });

  it('takes a typed range of real days, start before end, up to a year and a day', () => {
    expect(parseRange({ from: '2026-02-27', to: ' 2026-03-02 ' }, lateEvening)).toEqual({ range: { from: '2026-02-27', to: '2026-03-02' } });
    expect(daysIn({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(parseRange({ from: '2026-11-01', to: '2026-11-01' }, lateEvening).range).toEqual({ from: '2026-11-01', to: '2026-11-01' });
    const longest = { from: '2025-12-04', to: '2026-12-04' };
    expect(daysIn(longest)).toHaveLength(maxRangeDays);
    expect(parseRange(longest, lateEvening)).toEqual({ range: longest });
  });

  it('refuses what is not a range, says why, and falls back to the default', () => {
    const fallback = { from: '2026-11-05', to: '2026-12-04' };
    for (const typed of [{ from: '2026-02-30', to: '2026-03-01' }, { from: '2026-1-1', to: '2026-01-02' }, { from: 'yesterday', to: '2026-01-02' }, { from: '2026-01-01' }, { from: '2026-01-01', to: '<script>' }]) {
      expect(parseRange(typed, lateEvening)).toEqual({ range: fallback, problem: 'invalid' });
    }
    expect(parseRange({ from: '2026-03-02', to: '2026-03-01' }, lateEvening)).toEqual({ range: fallback, problem: 'order' });
    expect(parseRange({ from: '2025-12-03', to: '2026-12-04' }, lateEvening)).toEqual({ range: fallback, problem: 'tooLong' });
    expect(parseRange({ from: '1900-01-01', to: '2999-12-31' }, lateEvening)).toEqual({ range: fallback, problem: 'tooLong' });
  });
});
