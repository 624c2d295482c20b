/**
 * Every query on an index (issue 18). The real code runs each path (request, confirm,
 * profile, session lookup, sign-in, re-auth, support search and console, the
 * dispatcher's claim and marks, the retention sweep) on a connection where
 * PostgreSQL's auto_explain logs the plan of every statement, those inside the
 * PL/pgSQL functions included, and sequential scans are priced out of the planner
 * (enable_seqscan off): a Seq Scan still in a plan means no index can serve it.
 * Runs on PostgreSQL only (scripts/test.ts): auto_explain is a server module.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInLimits, signInWithPassword } from '@/lib/auth/sign-in';
import { reauthWithPassword } from '@/lib/auth/reauth';
import { appSession, webSession } from '@/lib/auth/sessions';
import { createDb, type Db } from '@/lib/db';
import { confirmEmailChange, confirmWithCode } from '@/lib/email-change/confirm';
import { inspectUndoLink } from '@/lib/email-change/recovery';
import { requestEmailChange } from '@/lib/email-change/request';
import { deliver } from '@/lib/jobs/deliver';
import { claimDue } from '@/lib/jobs/outbox';
import { unpublished } from '@/lib/jobs/inngest';
import { pruneHistory, retentionDefaults } from '@/lib/jobs/retention';
import { profileData } from '@/lib/profile';
import { accountForSupport, accountsNeedingAttention, findAccounts } from '@/lib/support';
import { createTestUser, signedIn, testCodeKey, testSessionConfig, testDb } from '@/lib/test-support/db';
import { codeFor, context, key, meta, reauth, recovery, tokenFor } from './helpers';

/** The plans PostgreSQL logged since the last call, one per statement. */
function explainedDb(url: string) {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    options: [
      'session_preload_libraries=auto_explain',
      'auto_explain.log_min_duration=0',
      'auto_explain.log_nested_statements=on',
      'client_min_messages=log',
      'enable_seqscan=off',
    ].map((setting) => `-c ${setting}`).join(' '),
  });
  const plans: string[] = [];
  pool.on('connect', (client) => client.on('notice', (notice) => notice.message?.includes('Query Text') && plans.push(notice.message)));
  const db = createDb(pool);
  return { db, drain: () => plans.splice(0) };
}

const tables = ['users', 'email_change_requests', 'outbox_messages', 'audit_events', 'sessions', 'passkeys', 'webauthn_challenges', 'email_recoveries', 'rate_limits', 'reauth_states'];

/** "Seq Scan on users" and the statement it belongs to, for each plan that reads a whole table. */
function sequentialScans(plans: string[]) {
  return plans.flatMap((plan) => {
    const scanned = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((match) => match[1]!).filter((table) => tables.includes(table));
    const query = /Query Text: ([\s\S]*?)\n(?:\s*\w[\w ]*\s\(cost|\s*->)/.exec(plan)?.[1] ?? plan.slice(0, 300);
    return scanned.map((table) => `${table}: ${query.replace(/\s+/g, ' ').slice(0, 240)}`);
  });
}

describe('every query on an index', () => {
  let plain: Db;
  let db: Db;
  let drain: () => string[];
  beforeAll(() => {
    plain = testDb();
    ({ db, drain } = explainedDb(process.env.TEST_DATABASE_URL!));
  });
  afterAll(async () => {
    await db.$disconnect();
    await plain.$disconnect();
  });

  /** Runs `path` on the explained connection and returns the sequential scans its statements needed. */
  async function scansOf(path: () => Promise<unknown>) {
    drain();
    await path();
    const plans = drain();
    expect(plans.length).toBeGreaterThan(0);
    return sequentialScans(plans);
  }

  it('the auto_explain harness sees a sequential scan when there is one', async () => {
    expect(await scansOf(() => db.$queryRaw`SELECT count(*) FROM audit_events WHERE actor = 'nobody'`)).toEqual([expect.stringMatching(/^audit_events: /)]);
  });

  it('the e-mail change, its delivery and both confirms', async () => {
    const user = await createTestUser(plain, { password: 'Right@Password1' });
    const { sessionId } = await signedIn(plain, user.id, { privileged: true, meta });
    const actor = { userId: user.id, sessionId, meta };
    const changed = await scansOf(() => requestEmailChange(context(db), actor, { email: `plans.${randomUUID().slice(0, 8)}@example.com`, idempotencyKey: randomUUID() }));
    const pending = await plain.emailChangeRequest.findFirstOrThrow({ where: { userId: user.id, status: 'PENDING' } });
    // Read from the outbox before delivery clears them, as the e-mail carries them.
    const [token, code] = [await tokenFor(plain, pending.id), await codeFor(plain, pending.id)];
    const captured = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const config = { appUrl: 'https://wallet.example.com', from: 'Wallet <no-reply@wallet.example.com>', sealKey: key, maxAttempts: 8 };
    const delivered = await scansOf(async () => {
      const mine = (await claimDue(db, new Date(), 500, 60_000)).filter((message) => message.requestId === pending.id);
      for (const message of mine) await deliver(db, captured, message, config);
      await unpublished(db, new Date(), 10);
    });
    const wrongCode = await scansOf(() => confirmWithCode(db, { userId: user.id, sessionId, meta, now: new Date(), recovery, code: code === '000000' ? '000001' : '000000', codeKey: testCodeKey, maxCodeAttempts: 5 }));
    const confirmed = await scansOf(() => confirmEmailChange(db, { token, userId: user.id, sessionId, meta, now: new Date(), recovery }));
    expect({ changed, delivered, wrongCode, confirmed }).toEqual({ changed: [], delivered: [], wrongCode: [], confirmed: [] });
    expect((await plain.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(pending.newEmail);
  });

  it('signing in, the session on each request, re-auth and the profile page', async () => {
    const user = await createTestUser(plain, { password: 'Right@Password1' });
    const limits = createSignInLimits(db, { maxFailuresPerAccount: 10, accountBlockSeconds: 900, maxFailuresPerIp: 1000, ipWindowSeconds: 3600 });
    let token = '';
    let sessionId = '';
    const signIn = await scansOf(async () => {
      const web = await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password: 'Right@Password1' }, { kind: 'WEB', meta, now: new Date(), config: testSessionConfig });
      const app = await signInWithPassword(db, limits, { mobileNumber: user.mobileNumber, password: 'Right@Password1' }, { kind: 'APP', meta, now: new Date(), config: testSessionConfig });
      if (!web.ok || !app.ok) throw new Error('not signed in');
      sessionId = web.session.id;
      token = app.token!;
    });
    const perRequest = await scansOf(async () => {
      await webSession(db, { sessionId, userId: user.id, now: new Date(), config: testSessionConfig });
      await appSession(db, token, new Date(), testSessionConfig);
      await reauthWithPassword(db, { userId: user.id, sessionId, password: 'Right@Password1', meta, now: new Date(), config: reauth });
      await profileData(db, user.id, new Date(), testSessionConfig);
    });
    expect({ signIn, perRequest }).toEqual({ signIn: [], perRequest: [] });
  });

  it('the support console: search by number, by address and by pending address, the account, the attention list', async () => {
    const user = await createTestUser(plain, { email: `found.${randomUUID().slice(0, 8)}@example.com` });
    const scans = await scansOf(async () => {
      await findAccounts(db, user.mobileNumber);
      await findAccounts(db, user.email!);
      await findAccounts(db, 'nobody.at.all@example.com');
      await accountForSupport(db, user.id, new Date(), reauth);
      await accountsNeedingAttention(db, new Date());
      await inspectUndoLink(db, 'A'.repeat(43), new Date());
    });
    expect(scans).toEqual([]);
  });

  it('the retention sweep', async () => {
    expect(await scansOf(() => pruneHistory(db, new Date(), retentionDefaults))).toEqual([]);
  });
});
