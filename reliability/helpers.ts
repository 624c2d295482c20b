import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { recordReauthSuccess } from '@/lib/auth/reauth';
import { sealKey, unseal } from '@/lib/crypto/seal';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '@/lib/db';
import type { EmailChangeContext } from '@/lib/email-change/request';
import { createTestUser, testDb } from '@/lib/test-support/db';
import { spawnApp, type AppServer } from '@/scripts/support/app-server';
import { freePort } from '@/scripts/support/ports';
import { SmtpSink } from '@/scripts/support/smtp-sink';

export const meta = { ip: '198.51.100.20', userAgent: 'reliability' };
export const reauth = { windowMs: 300_000, maxFailures: 5, failureWindowMs: 900_000, lockMs: 900_000 };
const key = sealKey('reliability-secret-reliability-secret');

export const context = (db: Db, now = new Date()): EmailChangeContext => ({
  db,
  now,
  limits: { cooldownSeconds: 60, perHour: 50 },
  config: { tokenTtlMs: 24 * 3_600_000, reauth, sealKey: key },
});

/** An account that has just re-authenticated, ready to request a change. */
export async function privilegedAccount(db: Db) {
  const user = await createTestUser(db);
  const actor = { userId: user.id, sessionId: randomUUID(), meta };
  await recordReauthSuccess(db, { ...actor, method: 'password', now: new Date(), config: reauth });
  return { user, actor };
}

/** The token exactly as the verification e-mail carries it. */
export async function tokenFor(db: Db, requestId: string) {
  const row = await db.outboxMessage.findFirstOrThrow({ where: { requestId, kind: 'verify-email' } });
  return unseal(key, (row.payload as { sealedToken: string }).sealedToken);
}

export interface AppScenario {
  db: Db;
  sink: SmtpSink;
  /** Set by the scenario once it starts the app; killed when the scenario ends. */
  app?: AppServer;
}

/** A scenario against the running app: its database and SMTP sink, set up before and torn down after. */
export function appScenario(): AppScenario {
  const scenario = {} as AppScenario;
  beforeAll(async () => {
    scenario.db = testDb();
    scenario.sink = new SmtpSink(await freePort());
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
    ...extraEnv,
  };
  return {
    env,
    url: env.APP_URL,
    async start(): Promise<AppServer> {
      const app = spawnApp({ port, env, stdio: ['ignore', 'ignore', 'inherit'] });
      await app.ready();
      return app;
    },
  };
}

/** A prefix that keeps one run's mobile numbers apart from another's on a shared database. */
export const runPrefix = () => `97${String(Date.now() % 100_000).padStart(5, '0')}`;
