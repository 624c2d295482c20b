/**
 * Load and what it cost: autocannon drives one endpoint while the CPU time of the
 * app's process (and of PostgreSQL's, when it runs as its own processes) is read
 * from /proc before and after, so each row says how many CPU milliseconds a
 * request took on the server, next to its throughput and latency.
 */
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU milliseconds of a process; with `reapedChildren`, also of the children it has waited for. */
function cpuMs(pid: number, reapedChildren = false): number {
  try {
    // Fields after the command name (which may contain spaces): utime, stime, cutime, cstime are the 12th to 15th.
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks * 1000) / ticksPerSecond;
  } catch {
    return 0; // the process has gone
  }
}

/**
 * CPU milliseconds used so far by every process named `name` (PostgreSQL's backends).
 * A backend that exits takes its time out of the sum, but the postmaster that reaps it
 * gains it as child time, so that is counted too and the total never goes backwards.
 */
function cpuMsByName(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) total += cpuMs(Number(entry), true);
    } catch {
      // exited while we looked
    }
  }
  return total;
}

export interface CpuMeter {
  appPid: number;
  /** Set when the database runs as its own processes (PostgreSQL); PGlite lives in the harness. */
  databaseProcess?: string;
}

export function cpuSnapshot(meter: CpuMeter) {
  return { app: cpuMs(meter.appPid), database: meter.databaseProcess ? cpuMsByName(meter.databaseProcess) : Number.NaN };
}

export interface LoadResult {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  appCpuMsPerRequest: number;
  databaseCpuMsPerRequest: number;
  /** How many answers had each status, e.g. "202×310 429×2". */
  statusCodes: string;
}

export interface LoadSpec {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A distinct request each time (a new account, a new token). */
  next?: () => { headers?: Record<string, string>; body?: string };
  connections: number;
  seconds: number;
  /**
   * Send exactly this many requests instead of running for `seconds`: autocannon
   * returns once each is answered, so none is still in the server when the CPU is read.
   */
  amount?: number;
  /** Work the requests left behind (e-mails to send) that belongs to their cost; awaited before CPU is read. */
  settle?: () => Promise<void>;
}

export async function load(spec: LoadSpec, meter: CpuMeter): Promise<LoadResult> {
  const before = cpuSnapshot(meter);
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    ...(spec.amount ? { amount: spec.amount } : {}),
    requests: [
      {
        method: spec.method ?? 'GET',
        path: spec.path,
        headers: spec.headers,
        ...(spec.next && {
          setupRequest: (request: autocannon.Request) => {
            const next = spec.next!();
            return { ...request, headers: { ...request.headers, ...next.headers }, body: next.body };
          },
        }),
      },
    ],
  });
  await spec.settle?.();
  const after = cpuSnapshot(meter);
  const ok = result['2xx'];
  const requests = ok + result.non2xx;
  return {
    name: spec.name,
    requests: ok,
    errors: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    appCpuMsPerRequest: (after.app - before.app) / Math.max(1, requests),
    databaseCpuMsPerRequest: (after.database - before.database) / Math.max(1, requests),
    statusCodes: Object.entries(result.statusCodeStats ?? {})
      .map(([status, { count }]) => `${status}×${count}`)
      .join(' '),
  };
}
