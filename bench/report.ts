/**
 * The benchmark's results: one JSON file per run in bench/results/ (with the
 * machine and versions), one markdown table printed and written into the README
 * between its bench markers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LoadResult } from './load';
import type { ProcessMemory } from './memory';

/** The JavaScript a first visit to `route` loads, as the build's diagnostics list it. */
export function profileJavaScript(root: string, route: string) {
  const stats = JSON.parse(readFileSync(path.join(root, '.next/diagnostics/route-bundle-stats.json'), 'utf8')) as { route: string; firstLoadChunkPaths: string[] }[];
  const entry = stats.find((candidate) => candidate.route === route);
  if (!entry) throw new Error(`${route} is not in the build's route-bundle-stats.json`);
  const files = entry.firstLoadChunkPaths.map((file) => readFileSync(path.join(root, file)));
  return {
    route,
    files: files.length,
    bytes: files.reduce((sum, file) => sum + file.length, 0),
    gzipBytes: files.reduce((sum, file) => sum + gzipSync(file).length, 0),
  };
}

export type MeasuredResult = LoadResult & { statementsPerRequest: number };

export interface BenchRun {
  database: string;
  /** Whether the load generator and the server got a core each (taskset). */
  pinned: boolean;
  seconds: number;
  warmup: number;
  rounds: number;
  connections: number;
  results: MeasuredResult[][];
  latency: { rate: number; requests: number; refused: number; delivered: number; p50: number; p99: number; max: number };
  drain: { messages: number; delivered: number; seconds: number; perSecond: number; appCpuMsPerMessage: number; databaseCpuMsPerMessage: number };
  memory: { processes: ProcessMemory[]; totalMb: number };
  javascript: ReturnType<typeof profileJavaScript>;
  totalSeconds: number;
}

const version = (root: string, name: string) => (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

function postgresVersion() {
  try {
    return execFileSync('psql', ['--version']).toString().trim();
  } catch {
    return 'not installed';
  }
}

/** Rounds of one endpoint folded into one row: throughput over all of them, the worst p99. */
function combine(rows: MeasuredResult[]) {
  const [first] = rows;
  if (!first) throw new Error('no rounds');
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const seconds = rows.reduce((sum, row) => sum + row.seconds, 0);
  const mean = (pick: (row: MeasuredResult) => number) => rows.reduce((sum, row) => sum + pick(row), 0) / rows.length;
  return {
    name: first.name,
    requests,
    rps: requests / seconds,
    p50: mean((row) => row.p50),
    p99: Math.max(...rows.map((row) => row.p99)),
    appCpu: mean((row) => row.appCpuMsPerRequest),
    databaseCpu: mean((row) => row.databaseCpuMsPerRequest),
    statements: mean((row) => row.statementsPerRequest),
    errors: rows.reduce((sum, row) => sum + row.errors, 0),
  };
}

/** The request scenarios' table: each endpoint against the bare route measured beside it. */
export function endpointTable(results: MeasuredResult[][]) {
  const columns = results[0]?.length ?? 0;
  const endpoints = Array.from({ length: columns }, (_, column) => combine(results.map((round) => round[column]!)));
  const [bare] = endpoints;
  const cpu = (row: (typeof endpoints)[number]) => row.appCpu + (Number.isFinite(row.databaseCpu) ? row.databaseCpu : 0);
  return [
    '| endpoint | requests/s | p50 ms | p99 ms | app CPU ms/request | database CPU ms/request | CPU vs bare route | statements/request | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...endpoints.map(
      (row) =>
        `| ${row.name} | ${row.rps.toFixed(0)} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.appCpu)} | ${ms(row.databaseCpu)} | ${bare ? (cpu(row) / cpu(bare)).toFixed(2) : '–'}× | ${Number.isFinite(row.statements) ? row.statements.toFixed(1) : '–'} | ${row.errors} |`,
    ),
  ].join('\n');
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 0) : '–');

function table(run: BenchRun, when: string, machine: string) {
  const setup = run.pinned ? 'app and database pinned to one core, load generator to the other' : 'not pinned (taskset failed)';
  const lines = [
    `Run ${when} on ${machine}; ${run.database}; ${setup}; ${run.rounds} interleaved rounds of ${run.seconds} s per endpoint after ${run.warmup} s of warm-up each, ${run.connections} connections (autocannon); delivery paused (DISPATCHER=none) and measured on its own below.`,
    '',
    endpointTable(run.results),
    '',
    `- Submit → message in the SMTP sink at a steady ${run.latency.rate} requests/s (${run.latency.requests} requests, ${run.latency.delivered} delivered, ${run.latency.refused} refused): **p50 ${ms(run.latency.p50)} ms, p99 ${ms(run.latency.p99)} ms** (max ${ms(run.latency.max)} ms).`,
    `- ${run.drain.messages.toLocaleString('en')} verification e-mails released at once and drained into the sink by a worker process in ${run.drain.seconds.toFixed(1)} s: **${run.drain.perSecond.toFixed(0)} e-mails/s** (${run.drain.delivered} delivered; **${ms(run.drain.appCpuMsPerMessage)} ms app CPU per e-mail**, ${ms(run.drain.databaseCpuMsPerMessage)} ms database).`,
    `- Memory of \`npm start\` (RSS, after it is ready and has served 20 pages): ${run.memory.processes.map((item) => `${item.name} ${item.rssMb} MB`).join(', ')}; **${run.memory.totalMb} MB in all**.`,
    `- JavaScript loaded by ${run.javascript.route}: **${run.javascript.gzipBytes.toLocaleString('en')} bytes gzip** (${run.javascript.bytes.toLocaleString('en')} bytes in ${run.javascript.files} files).`,
  ];
  return lines.join('\n');
}

export function writeResults(root: string, run: BenchRun) {
  const when = new Date().toISOString();
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  const versions = Object.fromEntries(
    ['next', 'react', '@prisma/client', '@electric-sql/pglite', 'autocannon', 'nodemailer', '@react-email/render'].map((name) => [name, version(root, name)]),
  );
  const file = path.join(root, 'bench/results', `${when.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ when, machine, versions: { ...versions, postgresql: postgresVersion() }, ...run }, null, 2)}\n`);

  const markdown = table(run, when.slice(0, 16).replace('T', ' '), `${machine.cores} × ${machine.cpu}, Node ${machine.node}`);
  console.log(`\n${markdown}\n`);
  const readme = path.join(root, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const updated = text.replace(/(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/, `$1${markdown}$2`);
  if (updated !== text) writeFileSync(readme, updated);
  return file;
}

export interface ScaleSize {
  accounts: number;
  seed: { seconds: number; vacuumSeconds: number };
  rows: Record<string, number>;
  results: MeasuredResult[][];
  search: { searches: number; found: number; p50: number; p99: number; plan: string; replacedPlan: string };
}

export type ScaleRun = Pick<BenchRun, 'database' | 'pinned' | 'seconds' | 'warmup' | 'rounds' | 'connections' | 'totalSeconds'> & { small: ScaleSize; large: ScaleSize };

function scaleTable(run: ScaleRun, when: string) {
  const rowsOf = (size: ScaleSize) => {
    const columns = size.results[0]?.length ?? 0;
    return Array.from({ length: columns }, (_, column) => combine(size.results.map((round) => round[column]!)));
  };
  const [small, large] = [rowsOf(run.small), rowsOf(run.large)];
  const cpu = (row: ReturnType<typeof combine>) => row.appCpu + (Number.isFinite(row.databaseCpu) ? row.databaseCpu : 0);
  const change = (from: number, to: number) => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(0)} %`;
  const count = (n: number) => n.toLocaleString('en');
  const sizes = (size: ScaleSize) => Object.entries(size.rows).map(([table, rows]) => `${table} ${count(rows)}`).join(', ');
  return [
    `Run ${when}; ${run.database}; ${run.pinned ? 'app and database pinned to one core, load generator to the other' : 'not pinned'}; ${run.rounds} rounds of ${run.seconds} s per endpoint after ${run.warmup} s of warm-up, ${run.connections} connections. Same process, same database: first with ${count(run.small.accounts)} seeded accounts, then after seeding up to ${count(run.large.accounts)}.`,
    '',
    `| scenario | ${count(run.small.accounts)}: req/s | p50 ms | CPU ms/request | ${count(run.large.accounts)}: req/s | p50 ms | CPU ms/request | CPU | p50 |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...small.map((row, index) => {
      const big = large[index]!;
      return `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(1)} | ${cpu(row).toFixed(2)} | ${big.rps.toFixed(0)} | ${big.p50.toFixed(1)} | ${cpu(big).toFixed(2)} | ${change(cpu(row), cpu(big))} | ${change(row.p50, big.p50)} |`;
    }),
    `| support search (lib/support.ts, ${count(run.large.search.searches)} searches, p50 / p99 ms) | | ${run.small.search.p50.toFixed(2)} / ${run.small.search.p99.toFixed(2)} | | | ${run.large.search.p50.toFixed(2)} / ${run.large.search.p99.toFixed(2)} | | | ${change(run.small.search.p50, run.large.search.p50)} |`,
    '',
    `- Rows at ${count(run.small.accounts)}: ${sizes(run.small)}. At ${count(run.large.accounts)}: ${sizes(run.large)}.`,
    `- Seeding ${count(run.large.accounts - run.small.accounts)} accounts' history took ${run.large.seed.seconds.toFixed(0)} s (VACUUM ANALYZE ${run.large.seed.vacuumSeconds.toFixed(0)} s of it).`,
  ].join('\n');
}

export function writeScaleResults(root: string, run: ScaleRun) {
  const when = new Date().toISOString();
  const file = path.join(root, 'bench/results', `scale-${when.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ when, ...run }, null, 2)}\n`);
  const markdown = scaleTable(run, when.slice(0, 16).replace('T', ' '));
  console.log(`\n${markdown}\n\nSupport search plan at ${run.large.accounts}:\n${run.large.search.plan}\n\nThe OR it replaced, same address:\n${run.large.search.replacedPlan}\n`);
  const readme = path.join(root, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const updated = text.replace(/(<!-- bench-scale:start -->\n)[\s\S]*?(\n<!-- bench-scale:end -->)/, `$1${markdown}$2`);
  if (updated !== text) writeFileSync(readme, updated);
  return file;
}
