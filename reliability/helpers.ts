import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sealKey, unseal } from '@/lib/crypto/seal';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db } from '@/lib/db';
import type { EmailChangeContext } from '@/lib/email-change/request';
import { createTestUser, signedIn, testDb, testReauthConfig, testRecoveryConfig, testCodeKey } from '@/lib/test-support/db';
import { spawnApp, type AppServer } from '@/scripts/support/app-server';
import { freePort } from '@/scripts/support/ports';
import { SmtpSink } from '@/scripts/support/smtp-sink';

export const meta = { ip: '198.51.100.20', userAgent: 'reliability' };
export const reauth = testReauthConfig;
export const key = sealKey('reliability-secret-reliability-secret');
export const recovery = testRecoveryConfig(key);

export const context = (db: Db, now = new Date()): EmailChangeContext => ({
  db,
  now,
  limits: { cooldownSeconds: 60, perHour: 50 },
  config: { tokenTtlMs: 24 * 3_600_000, reauth, sealKey: key, codeKey: testCodeKey, maxCodeAttempts: 5 },
});

/** An account that has just re-authenticated, ready to request a change. */
export async function privilegedAccount(db: Db) {
  const user = await createTestUser(db);
  const { sessionId } = await signedIn(db, user.id, { privileged: true, meta });
  return { user, actor: { userId: user.id, sessionId, meta } };
}

/** The token exactly as the verification e-mail carries it. */
export async function tokenFor(db: Db, requestId: string) {
  const row = await db.outboxMessage.findFirstOrThrow({ where: { requestId, kind: 'verify-email' } });
  return unseal(key, (row.payload as { sealedToken: string }).sealedToken);
}

/** The 6-digit code exactly as the verification e-mail carries it. */
export async function codeFor(db: Db, requestId: string) {
  const row = await db.outboxMessage.findFirstOrThrow({ where: { requestId, kind: 'verify-email' } });
  return unseal(key, (row.payload as { sealedCode: string }).sealedCode);
}

export interface AppScenario {
  db: Db;
  sink: SmtpSink;
  /** Set by the scenario once it starts the app; killed when the scenario ends. */
  app?: AppServer;
}

/**
 * A scenario against the running app: its database and SMTP sink, set up before and
 * torn down after. `onMessage` sees each whole message the sink receives.
 */
export function appScenario(onMessage?: (raw: string) => void): AppScenario {
  const scenario = {} as AppScenario;
  beforeAll(async () => {
    scenario.db = testDb();
    scenario.sink = new SmtpSink(await freePort(), onMessage);
    await scenario.sink.start();
  });
  afterAll(async () => {
    await scenario.app?.stop('SIGKILL');
    await scenario.sink?.stop();
    await scenario.db?.$disconnect();
  });
  return scenario;
}

/**
 * The production build (`next start`) for a scenario: on the scenario's database,
 * sending to its SMTP sink, with its own secret. `start()` can be called again
 * after a kill; it comes back on the same address.
 */
export async function builtApp(smtpPort: number, extraEnv: Record<string, string> = {}) {
  if (!existsSync(path.resolve(import.meta.dirname, '../.next/BUILD_ID'))) throw new Error('no production build: run through `npm test` (it builds first) or `npm run build`');
  const port = await freePort();
  const env = {
    DATABASE_URL: process.env.TEST_DATABASE_URL!,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    APP_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    LOG_LEVEL: 'warn',
    // This machine's resolver answers NXDOMAIN for every name (offline): the look-up would
    // refuse every address. It has its own tests against a DNS server of theirs.
    EMAIL_MX_CHECK: 'off',
    ...extraEnv,
  };
  /** What the app wrote (pino's lines on stdout, anything on stderr), kept when `start({ keepLog: true })`. */
  const log: string[] = [];
  return {
    env,
    url: env.APP_URL,
    log,
    async start(options: { keepLog?: boolean } = {}): Promise<AppServer> {
      const app = spawnApp({ port, env, stdio: options.keepLog ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'inherit'] });
      for (const stream of [app.child.stdout, app.child.stderr]) stream?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
      await app.ready();
      return app;
    },
  };
}

/**
 * After a run of change requests: waits for the outbox to drain, then checks that
 * every request's e-mail was sent and that each request reached the sink as exactly
 * one distinct message (none lost, none doubled; a redelivery of the same message,
 * same Message-ID, is one message to a mailbox).
 */
export async function expectOneMessageEach(db: Db, sink: SmtpSink, requestIds: string[]) {
  const deadline = Date.now() + 120_000;
  while ((await db.outboxMessage.count({ where: { requestId: { in: requestIds }, status: 'PENDING' } })) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(await db.outboxMessage.count({ where: { requestId: { in: requestIds }, status: { not: 'SENT' } } })).toBe(0);
  const distinct = requestIds.map((id) => sink.messages.get(id)?.size ?? 0);
  expect({ lost: distinct.filter((count) => count === 0).length, doubled: distinct.filter((count) => count > 1).length }).toEqual({ lost: 0, doubled: 0 });
}

/** Works through `items` with `concurrency` workers, each taking the next item as it finishes one. */
export async function inWorkers<T>(items: T[], concurrency: number, each: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await each(items[index]!, index);
      }
    }),
  );
}

