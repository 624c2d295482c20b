'use client';

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Locale } from '@/lib/i18n/locales';
import { intlLocale } from '@/lib/nepal-time';

export interface Series {
  key: string;
  name: string;
  color: string;
}

/**
 * One value per Nepal day, as bars (counts, `stacked` to show a whole) or lines (times).
 * The chart is a picture for the eye: the page gives its numbers as a table beside it,
 * so the chart itself keeps out of the keyboard's and the screen reader's way.
 */
export function DailyChart({
  data,
  series,
  locale,
  kind,
  stacked = false,
  unit,
}: {
  data: Record<string, string | number | null>[];
  series: Series[];
  locale: Locale;
  kind: 'bar' | 'line';
  stacked?: boolean;
  unit?: string;
}) {
  const number = new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(intlLocale[locale], { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const dayLabel = (value: string) => day.format(new Date(`${value}T00:00:00Z`));
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />,
    <XAxis key="x" dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 12, fill: '#475569' }} minTickGap={16} />,
    <YAxis
      key="y"
      allowDecimals={kind === 'line'}
      tickFormatter={(value: number) => number.format(value)}
      tick={{ fontSize: 12, fill: '#475569' }}
      width={40}
      label={unit ? { value: unit, angle: -90, position: 'insideLeft', fontSize: 12, fill: '#475569' } : undefined}
    />,
    <Tooltip key="tooltip" labelFormatter={(value) => dayLabel(String(value))} formatter={(value) => (typeof value === 'number' ? number.format(value) : value)} />,
  ];
  // The legend is plain HTML above the chart: it wraps on a phone, and recharts' own legend
  // (positioned absolutely) landed outside the chart when several charts shared a page.
  return (
    <>
      <ul className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
        {series.map((one) => (
          <li key={one.key} className="flex items-center gap-1.5">
            <span className="inline-block size-3 rounded-sm" style={{ backgroundColor: one.color }} />
            {one.name}
          </li>
        ))}
      </ul>
      <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 600, height: 240 }}>
        {kind === 'bar' ? (
          <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
            {axes}
            {series.map((one) => (
              <Bar key={one.key} dataKey={one.key} name={one.name} fill={one.color} stackId={stacked ? 'all' : undefined} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
            {axes}
            {series.map((one) => (
              <Line key={one.key} dataKey={one.key} name={one.name} stroke={one.color} strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </>
  );
}
