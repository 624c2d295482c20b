import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { requireStaff } from '@/lib/auth/require-user';
import { db } from '@/lib/db';
import type { Locale } from '@/lib/i18n/locales';
import { insights, lastDays, maxRangeDays, parseRange, type Counted } from '@/lib/insights';
import { intlLocale, nptDateTime, nptDay } from '@/lib/nepal-time';
import { DailyChart } from './chart';
import type { Series } from './daily-chart';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('insights') };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';
type Words = Awaited<ReturnType<typeof getTranslations<'insights'>>>;

// Colours that stay apart for common colour-vision deficiencies, each ≥ 3:1 on white.
const colour = { brand: '#5c2d91', sky: '#0369a1', green: '#047857', amber: '#b45309', red: '#b91c1c', slate: '#475569' };
const funnel: [Counted, string][] = [
  ['requested', colour.brand],
  ['sent', colour.sky],
  ['verified', colour.green],
];
const delivery: [Counted, string][] = [
  ['failed', colour.red],
  ['bounced', colour.amber],
  ['expired', colour.slate],
];
const safety: [Counted, string][] = [
  ['reauthLocked', colour.red],
  ['codeLocked', colour.amber],
  ['recoveries', colour.brand],
];

/** A Nepal day as the reader writes it ("24 Nov 2026"): noon UTC is the same day in Nepal. */
const dayLabel = (day: string, locale: Locale) => nptDay(new Date(`${day}T12:00:00Z`), locale);

function duration(seconds: number | null, t: Words) {
  if (seconds === null) return t('none');
  const whole = Math.round(seconds);
  if (whole < 60) return t('seconds', { s: whole });
  if (whole < 3600) return t('minutes', { m: Math.floor(whole / 60), s: whole % 60 });
  return t('hours', { h: Math.floor(whole / 3600), m: Math.floor((whole % 3600) / 60) });
}

/** A table row: the first cell names it (a day, or "Total"), the rest are numbers. */
function Row({ cells, strong = false }: { cells: string[]; strong?: boolean }) {
  const weight = strong ? 'font-semibold text-slate-900' : 'border-b border-slate-100';
  return (
    <tr>
      {cells.map((cell, index) =>
        index === 0 ? (
          <th key={index} scope="row" className={`px-2 py-1 ${strong ? weight : `${weight} font-normal text-slate-700`}`}>
            {cell}
          </th>
        ) : (
          <td key={index} className={`px-2 py-1 text-right text-slate-900 ${weight}`}>
            {cell}
          </td>
        ),
      )}
    </tr>
  );
}

/**
 * A chart with its numbers: the chart for the eye (described by its title), the same
 * numbers as a table for screen readers and for anyone who wants them exactly.
 */
function ChartFigure({ id, title, chart, head, rows, foot, t }: { id: string; title: string; chart: React.ReactNode; head: string[]; rows: { day: string; cells: string[] }[]; foot: string[]; t: Words }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid={id}>
      <h2 id={id} className="font-semibold text-slate-900">
        {title}
      </h2>
      <div role="img" aria-label={t('chartAlt', { title })}>
        {chart}
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer rounded-lg py-1 font-medium text-brand-700 hover:underline">{t('table')}</summary>
        {/* It scrolls when the table is longer or wider than the screen: focusable, so a keyboard can scroll it too. */}
        <div role="region" aria-label={`${title}: ${t('table')}`} tabIndex={0} className="mt-2 max-h-96 overflow-auto rounded-lg focus-visible:outline-2 focus-visible:outline-brand-500">
          <table className="w-full border-collapse text-left tabular-nums">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {head.map((cell, index) => (
                  <th key={cell} scope="col" className={`border-b border-slate-200 px-2 py-1.5 font-semibold text-slate-700 ${index > 0 ? 'text-right' : ''}`}>
                    {cell}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <Row key={row.day} cells={row.cells} />
              ))}
            </tbody>
            <tfoot>
              <Row cells={foot} strong />
            </tfoot>
          </table>
        </div>
      </details>
    </section>
  );
}

/** Staff only: the funnel, time to verify, failures, lock-outs and recoveries over a range of days. */
export default async function InsightsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff();
  const params = await searchParams;
  const now = new Date();
  const typed = { from: first(params.from).slice(0, 20), to: first(params.to).slice(0, 20) };
  const { range, problem } = parseRange(typed, now);
  const [data, locale, t] = await Promise.all([insights(db(), range), getLocale() as Promise<Locale>, getTranslations('insights')]);
  const count = new Intl.NumberFormat(intlLocale[locale]);

  const countsFigure = (id: string, title: string, series: [Counted, string][], stacked: boolean) => {
    const named: Series[] = series.map(([key, color]) => ({ key, name: t(key), color }));
    return (
      <ChartFigure
        id={id}
        title={title}
        t={t}
        chart={<DailyChart kind="bar" stacked={stacked} locale={locale} series={named} data={data.days.map((day) => Object.fromEntries([['day', day.day], ...series.map(([key]) => [key, day[key]])]))} />}
        head={[t('day'), ...named.map((one) => one.name)]}
        rows={data.days.map((day) => ({ day: day.day, cells: [dayLabel(day.day, locale), ...series.map(([key]) => count.format(day[key]))] }))}
        foot={[t('total'), ...series.map(([key]) => count.format(data.totals[key]))]}
      />
    );
  };
  const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 6) / 10);
  const presets = [7, 30, 90].map((days) => ({ days, range: lastDays(days, now) }));
  const overall = data.timeToVerify.overall;

  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-col gap-3 rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <Link href="/support" className="self-start text-sm font-medium text-brand-700 hover:underline">
          ← {t('back')}
        </Link>
        <div>
          <h1 className="text-xl font-bold text-slate-900">{t('title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('lead')}</p>
        </div>
        <form method="get" action="/support/insights" className="flex flex-wrap items-end gap-3" aria-label={t('range')}>
          <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
            {t('from')}
            <input type="date" name="from" defaultValue={problem ? typed.from : range.from} className="min-h-12 rounded-xl border border-slate-300 px-3 text-base text-slate-900 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none" />
          </label>
          <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
            {t('to')}
            <input type="date" name="to" defaultValue={problem ? typed.to : range.to} className="min-h-12 rounded-xl border border-slate-300 px-3 text-base text-slate-900 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none" />
          </label>
          <Button type="submit" variant="secondary">
            {t('show')}
          </Button>
        </form>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {presets.map((preset) => (
            <Link key={preset.days} href={`/support/insights?from=${preset.range.from}&to=${preset.range.to}`} className="font-medium text-brand-700 hover:underline">
              {t('lastDays', { days: preset.days })}
            </Link>
          ))}
        </p>
        {problem && (
          <p role="alert" className="rounded-xl bg-red-50 px-4 py-3 text-sm font-medium text-red-800 ring-1 ring-red-200">
            {problem === 'tooLong' ? t('rangeTooLong', { days: maxRangeDays }) : t(problem === 'order' ? 'rangeOrder' : 'rangeInvalid')}
          </p>
        )}
        <p className="font-medium text-slate-900" data-testid="insights-range">
          {t('showing', { from: dayLabel(range.from, locale), to: dayLabel(range.to, locale) })}
        </p>
      </section>

      <section aria-label={t('allRange')} className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="insights-totals">
        {funnel.map(([key]) => (
          <div key={key} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <p className="text-sm text-slate-600">{t(key)}</p>
            <p className="text-2xl font-bold text-slate-900 tabular-nums" data-testid={`total-${key}`}>
              {count.format(data.totals[key])}
            </p>
          </div>
        ))}
        <div className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <p className="text-sm text-slate-600">{t('medianTime')}</p>
          <p className="text-2xl font-bold text-slate-900 tabular-nums">{overall.verified ? duration(overall.medianSeconds, t) : t('noTime')}</p>
        </div>
        <p className="col-span-2 text-sm text-slate-700 sm:col-span-4">
          {data.totals.requested ? t('verifiedShare', { percent: Math.round((100 * data.totals.verified) / data.totals.requested) }) : t('noRequests')}
          {overall.verified > 0 && ` · ${t('p90Time')}: ${duration(overall.p90Seconds, t)}`}
        </p>
      </section>

      {countsFigure('funnel', t('funnel'), funnel, false)}
      <ChartFigure
        id="time-to-verify"
        title={t('timeToVerify')}
        t={t}
        chart={
          <DailyChart
            kind="line"
            locale={locale}
            unit={t('timeAxis')}
            series={[
              { key: 'median', name: t('median'), color: colour.brand },
              { key: 'p90', name: t('p90'), color: colour.amber },
            ]}
            data={data.timeToVerify.days.map((day) => ({ day: day.day, median: minutes(day.medianSeconds), p90: minutes(day.p90Seconds) }))}
          />
        }
        head={[t('day'), t('verified'), t('median'), t('p90')]}
        rows={data.timeToVerify.days.map((day) => ({ day: day.day, cells: [dayLabel(day.day, locale), count.format(day.verified), duration(day.medianSeconds, t), duration(day.p90Seconds, t)] }))}
        foot={[t('allRange'), count.format(overall.verified), duration(overall.medianSeconds, t), duration(overall.p90Seconds, t)]}
      />
      {countsFigure('delivery', t('delivery'), delivery, true)}
      {countsFigure('safety', t('safety'), safety, true)}

      <section aria-labelledby="outbox-heading" className="rounded-3xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 id="outbox-heading" className="font-semibold text-slate-900">
          {t('outbox')}
        </h2>
        <p className="mt-1 text-sm text-slate-700" data-testid="insights-outbox">
          {data.outbox.waiting > 0 && data.outbox.oldestSince ? t('outboxWaiting', { count: data.outbox.waiting, since: nptDateTime(data.outbox.oldestSince, locale) }) : t('outboxEmpty')}
        </p>
      </section>
    </div>
  );
}
