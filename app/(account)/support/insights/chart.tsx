'use client';

import dynamic from 'next/dynamic';

/**
 * The charts are drawn in the browser only. recharts styles its elements inline; in
 * server-rendered HTML those are style attributes, which the page's Content-Security-Policy
 * (proxy.ts: styles by nonce only) refuses, while React in the browser sets styles through
 * the DOM, which the policy allows. The numbers are on the page without JavaScript anyway,
 * in each chart's table. The placeholder keeps the chart's height, so nothing jumps.
 */
export const DailyChart = dynamic(() => import('./daily-chart').then((chart) => chart.DailyChart), { ssr: false, loading: () => <div className="h-[272px]" /> });
