/**
 * `npm run bench`: the app in production mode on 127.0.0.1, loaded endpoint by
 * endpoint with autocannon next to a bare route handler measured in the same run
 * (this machine is shared and noisy; only ratios measured side by side mean much).
 *
 * Set up like for like with other auth systems' figures: PostgreSQL 15 with durable
 * commits; the app and PostgreSQL pinned to one core, this process (the load
 * generator) to the other; 64 connections; a warm-up before every measured run;
 * interleaved rounds.
 *
 *   1. the request path: GET /api/health (bare), POST /api/v1/email-change (a new
 *      account and address each time, inside the re-auth window), POST
 *      /api/v1/email-change/verify (tokens read from the outbox those requests
 *      filled), GET /profile — with delivery paused (the app runs with
 *      DISPATCHER=none), so a request's CPU is its own; and the statements each
 *      request sent to PostgreSQL (pg_stat_statements: its round trips);
 *   2. delivery on its own: a second process with the dispatcher (DISPATCHER=local)
 *      first delivers what the request scenarios queued (untimed: how much that is
 *      depends on their throughput, and a change notice costs more than a link),
 *      then 10,000 verification e-mails released at once: e-mails/s
 *      and CPU per e-mail;
 *   3. submit → message in the SMTP sink, p50/p99, at a steady 50 requests/s (against
 *      the process that delivers);
 *   4. the memory of every process `npm start` runs, and the profile page's JavaScript.
 *
 * Results go to bench/results/<time>.json and the README's table.
 *
 *   --pglite        the embedded database (PGlite) instead of PostgreSQL 15 (no statement counts)
 *   --seconds N     length of each measured run (default 10)
 *   --warmup N      length of the warm-up before each (default 8)
 *   --rounds N      rounds of the four endpoints (default 2)
 *   --connections N (default 64)
 *   --profile       write the app's V8 CPU profile to bench/results/tmp (open in Chrome DevTools)
 *   --only LIST     a quick look while working: only these request scenarios (comma list of change,
 *                   confirm, profile; the bare route always runs beside them), printed and not
 *                   written anywhere; no delivery, latency or memory
 *   --accounts N    scale (issue 18): the request scenarios and the support search with 10,000
 *                   accounts' history seeded, then again after seeding up to N (bench/scale.ts);
 *                   delivery, latency and memory are left to the ordinary run
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { seal, sealKey, unseal } from '@/lib/crypto/seal';
import { createDb } from '@/lib/db';
import { applyMigrations } from '@/scripts/db/migrations';
import { startPgliteServer } from '@/scripts/db/pglite-server';
import { spawnApp } from '@/scripts/support/app-server';
import { buildIfStale } from '@/scripts/support/build';
import { freePort } from '@/scripts/support/ports';
import { startPostgres } from '@/scripts/support/postgres';
import { SmtpSink } from '@/scripts/support/smtp-sink';
import { createApiAccounts, webSessionCookie, type ApiAccount } from '@/lib/test-support/api-accounts';
import { load, type CpuMeter, type LoadResult, cpuSnapshot } from './load';
import { measureStartMemory } from './memory';
import { endpointTable, profileJavaScript, writeResults, writeScaleResults, type MeasuredResult } from './report';
import { measureSearch, rowCounts, seedHistory } from './scale';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    accounts: { type: 'string' },
    connections: { type: 'string', default: '64' },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const requestScenarios = ['change', 'confirm', 'profile'] as const;
const only = args.only?.split(',').map((name) => name.trim());
for (const name of only ?? []) if (!requestScenarios.includes(name as never)) throw new Error(`--only takes ${requestScenarios.join(', ')}; not ${name}`);
if (only?.includes('confirm') && !only.includes('change')) throw new Error('--only confirm needs change: it confirms what the changes queued');
const selected = only ? requestScenarios.filter((name) => only.includes(name)) : requestScenarios;
const latencyRate = 50;
const latencySeconds = 20;
const drainCount = 10_000;
const started = Date.now();
// The app and its database on one core, the load generator on the other.
const serverCores = '0';
const loadCores = '1';

const say = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

// Whatever was started is stopped again, also when a step fails.
const cleanups: (() => unknown)[] = [];

/** Pins this process (autocannon runs in it) to the load generator's core. */
function pinSelf() {
  try {
    execFileSync('taskset', ['-pc', loadCores, String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  say(`building if needed…`);
  buildIfStale(root);
  const pinned = pinSelf();
  // The scale run's server gets the shared buffers a production server for a million accounts would.
  const database = args.pglite
    ? await startPgliteServer({})
    : await startPostgres({ durable: true, statements: true, cpus: serverCores, sharedBuffers: args.accounts ? '2GB' : undefined });
  cleanups.push(() => database.stop());
  const databaseName = args.pglite ? 'PGlite (socket server, in-memory)' : 'PostgreSQL 15, durable commits';
  await applyMigrations(database.url);
  const db = createDb(database.url, 10);
  cleanups.push(() => db.$disconnect());
  // The statements the app sends, told apart from this harness's own by the role they run as.
  const appRole = 'wallet_app';
  const counting = !args.pglite;
  if (counting) {
    await db.$executeRawUnsafe(`CREATE ROLE ${appRole} LOGIN SUPERUSER`);
    await db.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  }
  const appDatabaseUrl = counting ? database.url.replace('postgres@', `${appRole}@`) : database.url;
  const statements = async () => {
    if (!counting) return Number.NaN;
    const [row] = await db.$queryRaw<{ calls: bigint | null }[]>`
      SELECT sum(calls) AS calls FROM pg_stat_statements WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = ${appRole})`;
    return Number(row?.calls ?? 0);
  };

  // Every account is used once for a change (cooldown, hourly cap); addresses name the account.
  const changePool = await createApiAccounts(db, selected.includes('change') ? 40_000 : 0);
  const latencyPool = await createApiAccounts(db, only ? 0 : latencyRate * latencySeconds);
  // The worker process is new: its first requests compile and warm up, so 5 s at the same rate go first, untimed.
  const latencyWarmupPool = await createApiAccounts(db, only ? 0 : latencyRate * 5);
  const [profileAccount] = (await createApiAccounts(db, 1)) as [ApiAccount];
  say(`seeded ${changePool.length + latencyPool.length + latencyWarmupPool.length + 1} accounts`);
  const scaleTo = args.accounts ? Number(args.accounts) : 0;
  const smallAccounts = 10_000;
  if (args.accounts && !(scaleTo > smallAccounts)) throw new Error(`--accounts must be more than ${smallAccounts}`);
  const smallSeed = scaleTo ? await seedHistory(db, 0, smallAccounts, say) : undefined;

  const sink = new SmtpSink(await freePort());
  await sink.start();
  cleanups.push(() => sink.stop());

  const secret = randomBytes(32).toString('base64url');
  const appEnv = (port: number, dispatcher: 'none' | 'local') => ({
    DATABASE_URL: appDatabaseUrl,
    AUTH_SECRET: secret,
    APP_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    DISPATCHER: dispatcher,
    // Offline, the system resolver answers NXDOMAIN for every name; the look-up is not what is measured.
    EMAIL_MX_CHECK: 'off',
    // The load generator stands in for a proxy: its X-Forwarded-For spreads requests over client addresses.
    TRUSTED_PROXIES: '127.0.0.1',
  });
  const port = await freePort();
  const app = spawnApp({
    port,
    cpus: serverCores,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: appEnv(port, 'none'),
    nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/results/tmp')}`] : [],
  });
  cleanups.push(() => app.stop());
  await app.ready();
  const meter: CpuMeter = { appPid: app.child.pid!, databaseProcess: args.pglite ? undefined : 'postgres' };

  const cookie = await webSessionCookie(db, secret, profileAccount.userId);
  let nextChange = 0;
  // Each request from its own client address, as through a proxy (the per-IP cap counts them apart).
  const clientIp = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const changeRequest = (account: ApiAccount, n: number) => ({
    headers: { authorization: `Bearer ${account.bearer}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-forwarded-for': clientIp(n) },
    body: JSON.stringify({ email: `change.${n}@bench.example` }),
  });
  // Delivery is paused: the tokens to confirm are read from the outbox the changes filled,
  // each confirmed once (the warm-up takes the first ones, the measured run the rest).
  const key = sealKey(secret);
  const toConfirm: { account: ApiAccount; token: string }[] = [];
  let queuedUpTo = new Date(0);
  async function readQueuedTokens() {
    const rows = await db.outboxMessage.findMany({
      where: { kind: 'verify-email', status: 'PENDING', createdAt: { gt: queuedUpTo }, recipient: { startsWith: 'change.' } },
      select: { recipient: true, payload: true, createdAt: true },
    });
    for (const row of rows) {
      if (row.createdAt > queuedUpTo) queuedUpTo = row.createdAt;
      const account = changePool[Number(row.recipient.match(/^change\.(\d+)@/)![1])]!;
      toConfirm.push({ account, token: unseal(key, (row.payload as { sealedToken: string }).sealedToken) });
    }
  }

  const measured = async (run: () => Promise<LoadResult>): Promise<LoadResult & { statementsPerRequest: number }> => {
    const before = await statements();
    const result = await run();
    const after = await statements();
    return { ...result, statementsPerRequest: (after - before) / Math.max(1, result.requests + result.errors) };
  };
  const scenarios = {
    bare: (time: number, amount?: number) => load({ name: 'bare route (GET /api/health)', url: app.url, path: '/api/health', connections, seconds: time, amount }, meter),
    profile: (time: number, amount?: number) => load({ name: 'GET /profile', url: app.url, path: '/profile', headers: { cookie }, connections, seconds: time, amount }, meter),
    change: (time: number, amount?: number) =>
      load(
        {
          name: 'POST /api/v1/email-change',
          url: app.url,
          method: 'POST',
          path: '/api/v1/email-change',
          next: () => {
            if (nextChange >= changePool.length) throw new Error('the change pool ran out: seed more accounts');
            const n = nextChange++;
            return changeRequest(changePool[n]!, n);
          },
          connections,
          seconds: time,
          amount,
        },
        meter,
      ),
    /** `share`: the part of the queued tokens this run may use (a warm-up leaves the rest). */
    confirm: async (time: number, share = 1) => {
      await readQueuedTokens();
      if (toConfirm.length === 0) throw new Error('every queued verification e-mail has been confirmed: run the change scenario longer');
      return load(
        {
          name: 'POST /api/v1/email-change/verify',
          url: app.url,
          method: 'POST',
          path: '/api/v1/email-change/verify',
          next: () => {
            const item = toConfirm.shift();
            if (!item) throw new Error('no token left to confirm');
            return { headers: { authorization: `Bearer ${item.account.bearer}`, 'content-type': 'application/json' }, body: JSON.stringify({ token: item.token }) };
          },
          // autocannon wants at least one request per connection.
          connections: Math.min(connections, Math.max(1, Math.floor(toConfirm.length * share))),
          seconds: time,
          amount: Math.max(1, Math.floor(toConfirm.length * share)),
        },
        meter,
      );
    },
  };

  /*
   * A run that autocannon stops by the clock closes its connections with requests still
   * in the server; their CPU and statements would be read into the next run, which never
   * counts them. So inside the rounds a run sends a number of requests, what that scenario
   * last managed in its time, and ends when each is answered. (The confirm scenario always
   * sends a share of the queued tokens.)
   */
  const pace = new Map<string, number>();
  async function run(name: 'bare' | (typeof requestScenarios)[number], time: number, confirmShare: number) {
    const rps = pace.get(name);
    const amount = rps ? Math.max(connections, Math.round(rps * time)) : undefined;
    const result = await (name === 'confirm' ? scenarios.confirm(time, confirmShare) : scenarios[name](time, amount));
    pace.set(name, result.rps);
    return result;
  }

  say('warming up (Next needs ~30 s before its throughput settles)…');
  await run('bare', 20, 1);
  for (const name of selected) {
    const result = await run(name, warmup, 0.5);
    // A scenario that only errs measures nothing: stop here rather than print nonsense.
    if (result.requests === 0) throw new Error(`${result.name} answered no request with 2xx (${result.errors} errors): ${result.statusCodes}`);
  }

  async function measureRounds() {
    const results: MeasuredResult[][] = [];
    for (let round = 1; round <= rounds; round += 1) {
      say(`round ${round} of ${rounds}`);
      const row: MeasuredResult[] = [];
      for (const name of ['bare', ...selected] as const) {
        await run(name, warmup, 0.4);
        const from = process.hrtime.bigint();
        const result = await measured(() => run(name, seconds, 1));
        // The profile's clock is the same monotonic clock: these mark each endpoint's stretch of it.
        if (args.profile) say(`  profile window ${name} ${from / 1000n}–${process.hrtime.bigint() / 1000n} µs`);
        say(`  ${result.name}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms, ${result.statementsPerRequest.toFixed(1)} statements, ${result.errors} errors`);
        row.push(result);
      }
      results.push(row);
    }
    return results;
  }

  if (scaleTo) {
    const atSize = async (accounts: number, seed: Awaited<ReturnType<typeof seedHistory>>) => {
      const results = await measureRounds();
      const search = await measureSearch(db, accounts);
      say(`  support search at ${accounts.toLocaleString('en')} seeded accounts: p50 ${search.p50.toFixed(2)} ms, p99 ${search.p99.toFixed(2)} ms`);
      return { accounts, seed, rows: await rowCounts(db), results, search };
    };
    const small = await atSize(smallAccounts, smallSeed!);
    say(`seeding up to ${scaleTo.toLocaleString('en')} accounts…`);
    const largeSeed = await seedHistory(db, smallAccounts, scaleTo, say);
    const large = await atSize(scaleTo, largeSeed);
    await stopAll();
    const file = writeScaleResults(root, { database: databaseName, pinned, seconds, warmup, rounds, connections, small, large, totalSeconds: (Date.now() - started) / 1000 });
    say(`results: ${path.relative(root, file)} (and the README's scale table); ${Math.round((Date.now() - started) / 1000)} s in all`);
    return;
  }

  const results = await measureRounds();
  await app.stop();
  if (only) {
    await stopAll();
    console.log(`\n${endpointTable(results)}\n`);
    say(`not written anywhere (--only); ${Math.round((Date.now() - started) / 1000)} s in all`);
    return;
  }

  // Delivery on its own: a worker process with the dispatcher, on the same core.
  const workerPort = await freePort();
  const worker = spawnApp({ port: workerPort, cpus: serverCores, stdio: ['ignore', 'ignore', 'inherit'], env: appEnv(workerPort, 'local') });
  cleanups.push(() => worker.stop());
  await worker.ready();
  const workerMeter: CpuMeter = { appPid: worker.child.pid!, databaseProcess: meter.databaseProcess };
  say(`delivering what the request scenarios queued, then timing ${drainCount} more…`);
  const drain = await drainQueued(db, key, latencyPool, sink, workerMeter);

  say(`submit → inbox at ${latencyRate} requests/s for ${latencySeconds} s…`);
  await submitToInbox(worker.url, latencyWarmupPool, sink, changeRequest, changePool.length + latencyPool.length);
  const latency = await submitToInbox(worker.url, latencyPool, sink, changeRequest, changePool.length);
  await stopAll();

  say('memory of `npm start`…');
  const memory = await measureStartMemory(root);

  const javascript = profileJavaScript(root, '/profile');
  const file = writeResults(root, {
    database: databaseName,
    pinned,
    seconds,
    warmup,
    rounds,
    connections,
    results,
    latency,
    drain,
    memory,
    javascript,
    totalSeconds: (Date.now() - started) / 1000,
  });
  say(`results: ${path.relative(root, file)} (and the README's table); ${Math.round((Date.now() - started) / 1000)} s in all`);

  async function submitToInbox(url: string, pool: ApiAccount[], smtp: SmtpSink, request: typeof changeRequest, addressOffset: number) {
    const sent = new Map<string, number>();
    let refused = 0;
    const inflight: Promise<void>[] = [];
    const start = performance.now();
    for (let n = 0; n < pool.length; n += 1) {
      const due = start + (n * 1000) / latencyRate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const { headers, body } = request(pool[n]!, addressOffset + n);
      const submitted = performance.now();
      inflight.push(
        fetch(`${url}/api/v1/email-change`, { method: 'POST', headers, body }).then(async (response) => {
          if (response.status !== 202) return void (refused += 1);
          sent.set(((await response.json()) as { requestId: string }).requestId, submitted);
        }),
      );
    }
    await Promise.all(inflight);
    const deadline = performance.now() + 30_000;
    while ([...sent.keys()].some((id) => !smtp.firstArrival.has(id)) && performance.now() < deadline) await sleep(50);
    const times = [...sent].filter(([id]) => smtp.firstArrival.has(id)).map(([id, at]) => smtp.firstArrival.get(id)! - at);
    times.sort((a, b) => a - b);
    return { rate: latencyRate, requests: pool.length, refused, delivered: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? Number.NaN };
  }
}

/**
 * Waits for the worker to deliver what is already queued, then queues `drainCount`
 * verification e-mails, releases them all at once, and times them into the sink on
 * the worker's CPU: the same 10,000 messages in every run.
 */
async function drainQueued(db: ReturnType<typeof createDb>, key: Buffer, owners: ApiAccount[], sink: SmtpSink, meter: CpuMeter) {
  const later = new Date(Date.now() + 86_400_000);
  const expiresAt = later.toISOString();
  const backlogDeadline = performance.now() + 600_000;
  while ((await db.outboxMessage.count({ where: { status: 'PENDING' } })) > 0 && performance.now() < backlogDeadline) await sleep(200);
  for (let start = 0; start < drainCount; start += 1_000) {
    await db.outboxMessage.createMany({
      data: Array.from({ length: 1_000 }, (_, offset) => {
        const owner = owners[(start + offset) % owners.length]!;
        return {
          kind: 'verify-email',
          recipient: `drain.${start + offset}@bench.example`,
          payload: { kind: 'verify-email', userId: owner.userId, requestId: randomUUID(), displayName: 'Bench User', sealedToken: seal(key, randomBytes(32).toString('base64url')), sealedCode: seal(key, '042917'), expiresAt },
          nextAttemptAt: later,
        };
      }),
    });
  }
  const messages = drainCount;
  const before = sink.total;
  const cpu = cpuSnapshot(meter);
  const released = performance.now();
  await db.outboxMessage.updateMany({ where: { nextAttemptAt: later }, data: { nextAttemptAt: new Date() } });
  const deadline = released + 600_000;
  while (sink.total - before < messages && performance.now() < deadline) await sleep(20);
  const elapsed = (performance.now() - released) / 1000;
  const after = cpuSnapshot(meter);
  const delivered = sink.total - before;
  return {
    messages,
    delivered,
    seconds: elapsed,
    perSecond: delivered / elapsed,
    appCpuMsPerMessage: (after.app - cpu.app) / Math.max(1, delivered),
    databaseCpuMsPerMessage: (after.database - cpu.database) / Math.max(1, delivered),
  };
}

async function stopAll() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

main().catch(async (error: Error) => {
  console.error(`[bench] failed: ${error.stack ?? error.message}`);
  await stopAll();
  process.exitCode = 1;
});
