/**
 * `npm run bench`: the app in production mode on 127.0.0.1, loaded endpoint by
 * endpoint with autocannon next to a bare route handler measured in the same run
 * (this machine is shared and noisy; only ratios measured side by side mean much).
 *
 *   1. throughput, p50/p99 and server CPU per request: GET /api/health (bare),
 *      POST /api/v1/email-change (a new account and address each time, inside the
 *      re-auth window), POST /api/v1/email-change/verify (tokens read from the
 *      e-mails those requests sent), GET /profile — in interleaved rounds;
 *   2. submit → message in the SMTP sink, p50/p99, at a steady 50 requests/s;
 *   3. how fast 10,000 queued e-mails drain into the sink;
 *   4. the profile page's JavaScript, gzip bytes, from the build's diagnostics.
 *
 * Results go to bench/results/<time>.json and the README's table.
 *
 *   --pglite        the embedded database (PGlite) instead of PostgreSQL 15
 *   --seconds N     length of each measurement (default 8)
 *   --rounds N      rounds of the four endpoints (default 2)
 *   --profile       write the app's V8 CPU profile to bench/results/tmp (open in Chrome DevTools)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { seal, sealKey } from '@/lib/crypto/seal';
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
import { profileJavaScript, writeResults } from './report';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    profile: { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const connections = 10;
const latencyRate = 50;
const latencySeconds = 20;
const drainCount = 10_000;
const started = Date.now();

const say = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** The verification link's token inside a raw message (quoted-printable soft breaks undone). */
function linkToken(raw: string) {
  return raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=').match(/verify-email\?token=([A-Za-z0-9_-]{43})/)?.[1];
}

// Whatever was started is stopped again, also when a step fails.
const cleanups: (() => unknown)[] = [];

async function main() {
  say(`building if needed…`);
  buildIfStale(root);
  const database = args.pglite ? await startPgliteServer({}) : await startPostgres();
  cleanups.push(() => database.stop());
  const databaseName = args.pglite ? 'PGlite (socket server, in-memory)' : 'PostgreSQL 15';
  await applyMigrations(database.url);
  const db = createDb(database.url, 10);
  cleanups.push(() => db.$disconnect());

  // Every account is used once for a change (cooldown, hourly cap); addresses name the account.
  const changePool = await createApiAccounts(db, 12_000);
  const latencyPool = await createApiAccounts(db, latencyRate * latencySeconds);
  const [profileAccount] = (await createApiAccounts(db, 1)) as [ApiAccount];
  say(`seeded ${changePool.length + latencyPool.length + 1} accounts`);

  // Verification links arrive in the sink; confirm reuses them with the owner's bearer token.
  const tokens: { account: ApiAccount; token: string }[] = [];
  const sink = new SmtpSink(await freePort(), (raw) => {
    const index = raw.match(/^To:.*\bchange\.(\d+)@/im)?.[1];
    const token = linkToken(raw);
    const account = index === undefined ? undefined : changePool[Number(index)];
    if (account && token) tokens.push({ account, token });
  });
  await sink.start();
  cleanups.push(() => sink.stop());

  const secret = randomBytes(32).toString('base64url');
  const port = await freePort();
  const app = spawnApp({
    port,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      DATABASE_URL: database.url,
      AUTH_SECRET: secret,
      APP_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      // Offline, the system resolver answers NXDOMAIN for every name; the look-up is not what is measured.
      EMAIL_MX_CHECK: 'off',
      // The load generator stands in for a proxy: its X-Forwarded-For spreads requests over client addresses.
      TRUSTED_PROXIES: '127.0.0.1',
    },
    nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/results/tmp')}`] : [],
  });
  cleanups.push(() => app.stop());
  await app.ready();
  const meter: CpuMeter = { appPid: app.child.pid!, databaseProcess: args.pglite ? undefined : 'postgres' };
  const pending = () => db.outboxMessage.count({ where: { status: 'PENDING' } });
  const outboxEmpty = async () => {
    while ((await pending()) > 0) await sleep(50);
  };

  const cookie = await webSessionCookie(db, secret, profileAccount.userId);
  let nextChange = 0;
  // Each request from its own client address, as through a proxy (the per-IP cap counts them apart).
  const clientIp = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const changeRequest = (account: ApiAccount, n: number) => ({
    headers: { authorization: `Bearer ${account.bearer}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-forwarded-for': clientIp(n) },
    body: JSON.stringify({ email: `change.${n}@bench.example` }),
  });

  const scenarios = {
    bare: (time: number) => load({ name: 'bare route (GET /api/health)', url: app.url, path: '/api/health', connections, seconds: time }, meter),
    profile: (time: number) => load({ name: 'GET /profile', url: app.url, path: '/profile', headers: { cookie }, connections, seconds: time }, meter),
    change: (time: number) =>
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
          // Its e-mails are part of its cost: CPU is read once they have all gone out.
          settle: outboxEmpty,
        },
        meter,
      ),
    confirm: (time: number) => {
      const batch = tokens.splice(0);
      if (batch.length === 0) throw new Error('no verification e-mails arrived to confirm');
      let next = 0;
      return load(
        {
          name: 'POST /api/v1/email-change/verify',
          url: app.url,
          method: 'POST',
          path: '/api/v1/email-change/verify',
          next: () => {
            const item = batch[next++ % batch.length]!;
            return { headers: { authorization: `Bearer ${item.account.bearer}`, 'content-type': 'application/json' }, body: JSON.stringify({ token: item.token }) };
          },
          connections,
          seconds: time,
          amount: batch.length,
        },
        meter,
      );
    },
  };

  say('warming up (Next needs ~30 s before its throughput settles)…');
  await scenarios.bare(12);
  await scenarios.profile(3);
  await scenarios.change(3);
  await scenarios.confirm(3);

  const results: LoadResult[][] = [];
  for (let round = 1; round <= rounds; round += 1) {
    say(`round ${round} of ${rounds}`);
    const row: LoadResult[] = [];
    for (const name of ['bare', 'change', 'confirm', 'profile'] as const) {
      const from = process.hrtime.bigint();
      const result = await scenarios[name](seconds);
      // The profile's clock is the same monotonic clock: these mark each endpoint's stretch of it.
      if (args.profile) say(`  profile window ${name} ${from / 1000n}–${process.hrtime.bigint() / 1000n} µs`);
      say(`  ${result.name}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms, ${result.errors} errors`);
      row.push(result);
    }
    results.push(row);
  }

  say(`submit → inbox at ${latencyRate} requests/s for ${latencySeconds} s…`);
  const latency = await submitToInbox(app.url, latencyPool, sink, changeRequest);

  say(`draining ${drainCount} queued e-mails…`);
  const drain = await drainQueued(db, sealKey(secret), latencyPool, sink, meter);

  await stopAll();

  const javascript = profileJavaScript(root, '/profile');
  const file = writeResults(root, { database: databaseName, seconds, rounds, connections, results, latency, drain, javascript, totalSeconds: (Date.now() - started) / 1000 });
  say(`results: ${path.relative(root, file)} (and the README's table); ${Math.round((Date.now() - started) / 1000)} s in all`);

  async function submitToInbox(url: string, pool: ApiAccount[], smtp: SmtpSink, request: typeof changeRequest) {
    const sent = new Map<string, number>();
    let refused = 0;
    const inflight: Promise<void>[] = [];
    const start = performance.now();
    for (let n = 0; n < pool.length; n += 1) {
      const due = start + (n * 1000) / latencyRate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const { headers, body } = request(pool[n]!, changePool.length + n);
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

/** Queues `drainCount` verification e-mails out of sight, releases them at once, and times them into the sink. */
async function drainQueued(db: ReturnType<typeof createDb>, key: Buffer, owners: ApiAccount[], sink: SmtpSink, meter: CpuMeter) {
  const later = new Date(Date.now() + 86_400_000);
  const expiresAt = later.toISOString();
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
  const before = sink.total;
  const cpu = cpuSnapshot(meter);
  const released = performance.now();
  await db.outboxMessage.updateMany({ where: { nextAttemptAt: later }, data: { nextAttemptAt: new Date() } });
  const deadline = released + 300_000;
  while (sink.total - before < drainCount && performance.now() < deadline) await sleep(20);
  const elapsed = (performance.now() - released) / 1000;
  const after = cpuSnapshot(meter);
  const delivered = sink.total - before;
  return { messages: drainCount, delivered, seconds: elapsed, perSecond: delivered / elapsed, appCpuMsPerMessage: (after.app - cpu.app) / Math.max(1, delivered) };
}

async function stopAll() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

main().catch(async (error: Error) => {
  console.error(`[bench] failed: ${error.stack ?? error.message}`);
  await stopAll();
  process.exitCode = 1;
});
