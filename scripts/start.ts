/**
 * `npm start`: the embedded default on one machine. Starts the PGlite database
 * (data kept in .data/pglite), applies migrations, seeds the demo accounts,
 * builds the app when its sources changed, and runs `next start` on
 * http://localhost:3000 until Ctrl-C.
 *
 *   --test         a throwaway in-memory database and fresh secrets (Playwright's web server)
 *   --port N       the app's port (default 3000, or 3100 with --test)
 *   --db-port N    the embedded database's port (default: any free port)
 *   --smtp-port N, --inbox-port N   the mail inbox (maildev: SMTP 1025, web UI and API 1080)
 *   --bounce-port N  (with --test) the dispatcher's DSN listener (README, "Bounces")
 *
 * The mail-server look-up (EMAIL_MX_CHECK) is off in the embedded default, which must
 * work offline and whose demo addresses are at example.com (a null-MX domain). --test
 * turns it on against a DNS server of its own on 127.0.0.1: every domain has a mail
 * server except `no-mail.test`, so the journeys exercise the real look-up.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '@/lib/db';
import { seed } from '@/prisma/seed';
import { applyMigrations } from './db/migrations';
import { startPgliteServer } from './db/pglite-server';
import { spawnApp } from './support/app-server';
import { startInbox } from './support/inbox';
import { buildIfStale } from './support/build';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.data');
const { values: args } = parseArgs({
  options: {
    test: { type: 'boolean', default: false },
    port: { type: 'string' },
    'db-port': { type: 'string' },
    'smtp-port': { type: 'string' },
    'inbox-port': { type: 'string' },
    'bounce-port': { type: 'string' },
  },
});
const testMode = args.test ?? false;
const port = Number(args.port ?? (testMode ? 3100 : 3000));

function say(line: string) {
  console.log(`[wallet] ${line}`);
}

/** Secrets are generated once and kept out of git, so sessions survive restarts. */
function embeddedSecrets(): { AUTH_SECRET: string } {
  const file = path.join(dataDir, 'secrets.json');
  if (!testMode && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = { AUTH_SECRET: randomBytes(32).toString('base64url') };
  if (!testMode) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const secrets = embeddedSecrets();
  const database = await startPgliteServer({
    dataDir: testMode ? undefined : path.join(dataDir, 'pglite'),
    port: Number(args['db-port'] ?? 0),
  });
  say(`database: PGlite at ${database.url}`);

  const applied = await applyMigrations(database.url);
  if (applied.length) say(`applied migrations: ${applied.join(', ')}`);
  const db = createDb(database.url, 1);
  const created = await seed(db);
  await db.$disconnect();
  if (created) say(`seeded ${created} demo account(s); see README "Demo accounts"`);

  // The local SMTP inbox (maildev): every e-mail the app sends lands here, readable in a browser.
  const smtpPort = Number(args['smtp-port'] ?? (testMode ? 1026 : 1025));
  const inboxPort = Number(args['inbox-port'] ?? (testMode ? 1081 : 1080));
  const inbox = process.env.SMTP_URL ? null : await startInbox(smtpPort, inboxPort);
  if (inbox) say(`mail inbox: http://127.0.0.1:${inboxPort} (SMTP on 127.0.0.1:${smtpPort}; kept in memory: a restart empties it)`);

  const dns = testMode ? await startTestDns() : null;
  if (dns) say(`DNS for the mail-server check: ${dns.address} (no-mail.test has no mail server)`);

  if (buildIfStale(root)) say('built the app');
  const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
  const app = spawnApp({
    port,
    env: {
      ...secrets,
      DATABASE_URL: database.url,
      SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${smtpPort}`,
      APP_URL: appUrl,
      // The e2e journeys stand in for a proxy: each sends its own client address, so one
      // run's journeys do not share one address's hourly budget (README, Tests).
      ...(testMode ? { TRUSTED_PROXIES: '127.0.0.1, ::1' } : {}),
      EMAIL_MX_CHECK: process.env.EMAIL_MX_CHECK ?? (dns ? 'on' : 'off'),
      ...(dns ? { EMAIL_DNS_SERVERS: dns.address } : {}),
      ...(testMode && args['bounce-port'] ? { BOUNCE_DOMAIN: 'bounces.wallet.test', BOUNCE_SMTP_PORT: args['bounce-port'] } : {}),
    },
  });
  await app.ready();
  say(`app: ${appUrl} — ready`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    inbox?.kill('SIGTERM');
    dns?.stop();
    await app.stop();
    await database.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  app.child.on('exit', (code) => void stop(code ?? 1));
}

async function startTestDns() {
  // dns2 is a dev dependency: loaded only for the e2e server.
  const { startDnsServer } = await import('./support/dns-server');
  return startDnsServer({ 'no-mail.test': {} }, { otherwise: { mx: [{ exchange: 'mx.wallet.test', priority: 10 }] } });
}

main().catch((error: Error) => {
  console.error(`[wallet] could not start: ${error.message}`);
  process.exit(1);
});
