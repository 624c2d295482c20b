/**
 * Scale-out: two app processes (the production build, each with its own local
 * dispatcher) on one PostgreSQL, requests spread over both. The guarantees that rest
 * on the database, not on one process's memory, must hold across them: exactly one
 * e-mail per request when one process dies mid-run, and no more guesses checked
 * than the limit when the guesses arrive at both at once.
 * Runs on PostgreSQL only (scripts/test.ts): PGlite serves one session at a time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createApiAccounts, type ApiAccount } from '@/lib/test-support/api-accounts';
import { createTestUser } from '@/lib/test-support/db';
import type { AppServer } from '@/scripts/support/app-server';
import { appScenario, builtApp, expectOneMessageEach, inWorkers } from './helpers';

const requests = 1_000;
const concurrency = 8;
const scenario = appScenario();

async function twoApps() {
  const shared = { AUTH_SECRET: randomBytes(32).toString('base64url'), OUTBOX_BATCH_SIZE: '50', OUTBOX_LEASE_SECONDS: '5', TRUSTED_PROXIES: '127.0.0.1', SIGNIN_MAX_FAILURES_PER_IP: '100000', REAUTH_MAX_FAILURES_PER_IP: '100000' };
  const apps = await Promise.all([builtApp(scenario.sink.port, shared), builtApp(scenario.sink.port, shared)]);
  return Promise.all(apps.map((app) => app.start()));
}

it(`${requests} change requests over two app processes, one SIGKILLed mid-run: each request ends with exactly one e-mail`, { timeout: 600_000 }, async () => {
  const { db, sink } = scenario;
  const [first, second] = await twoApps();
  const live: AppServer[] = [first!, second!];
  const accounts = await createApiAccounts(db, requests);
  const keys = new Map(accounts.map((account) => [account, randomUUID()]));
  const answered = new Map<ApiAccount, string>();
  let unanswered = 0;

  const submit = async (account: ApiAccount, index: number) => {
    const app = live[index % live.length]!;
    try {
      const response = await fetch(`${app.url}/api/v1/email-change`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.bearer}`, 'content-type': 'application/json', 'idempotency-key': keys.get(account)!, 'x-forwarded-for': `10.9.${index >> 8}.${index & 255}` },
        body: JSON.stringify({ email: `scale.${index}@example.com` }),
      });
      if (response.status === 202) answered.set(account, ((await response.json()) as { requestId: string }).requestId);
      else unanswered += 1;
    } catch {
      unanswered += 1;
    }
  };

  let killed: Promise<void> | undefined;
  await inWorkers(accounts, concurrency, async (account, index) => {
    await submit(account, index);
    if (!killed && answered.size >= requests / 2) {
      killed = second!.stop('SIGKILL');
      void killed.then(() => live.splice(live.indexOf(second!), 1));
    }
  });
  await killed;
  // What the dead process never answered goes to the survivor, with the same key.
  for (let round = 0; round < 5 && answered.size < requests; round += 1) {
    await Promise.all(accounts.map((account, index) => (answered.has(account) ? undefined : submit(account, index))));
  }
  expect(answered.size).toBe(requests);

  await expectOneMessageEach(db, sink, [...answered.values()]);
  expect(await db.emailChangeRequest.count({ where: { userId: { in: accounts.map((account) => account.userId) } } })).toBe(requests);
  console.log(`[scale-out] ${unanswered} requests unanswered by the killed process and retried on the other`);
  await first!.stop();
});

it('100 parallel password guesses spread over two app processes check no more than the limit', { timeout: 120_000 }, async () => {
  const { db } = scenario;
  const apps = await twoApps();
  const user = await createTestUser(db, { password: 'Right@Password1' });
  const session = await fetch(`${apps[0]!.url}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mobileNumber: user.mobileNumber, password: 'Right@Password1' }),
  });
  const { accessToken } = (await session.json()) as { accessToken: string };
  const guess = (index: number, password: string) =>
    fetch(`${apps[index % 2]!.url}/api/v1/reauth`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'password', password }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { code?: string } }));
  const wrong = Array.from({ length: 99 }, (_, index) => guess(index, 'wrong-password'));
  const right = await guess(99, 'Right@Password1');
  await Promise.all(wrong);
  expect(right.body.code).toBe('locked');
  const checked = await db.auditEvent.count({ where: { userId: user.id, type: { in: ['reauth.failed', 'reauth.ok', 'reauth.refused'] } } });
  expect(checked).toBeGreaterThan(0);
  expect(checked).toBeLessThanOrEqual(5);
  await Promise.all(apps.map((app) => app.stop()));
});
