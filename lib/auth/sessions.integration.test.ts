import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSession, endSessions, startSession, webSession } from '@/lib/auth/sessions';
import { profileData } from '@/lib/profile';
import type { Db } from '@/lib/db';
import { createTestUser, testDb, testSessionConfig as config } from '@/lib/test-support/db';

const chromeOnAndroid = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const meta = { ip: '203.0.113.41', userAgent: chromeOnAndroid };
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

describe('server-side sessions', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.$disconnect());

  const start = async (userId: string, kind: 'WEB' | 'APP', now = new Date(), userAgent = chromeOnAndroid) =>
    startSession(db, { userId, kind, meta: { ...meta, userAgent }, now, config });

  it('a browser session is named by its row; the app gets a token whose hash alone is kept; each names its device', async () => {
    const user = await createTestUser(db);
    const now = new Date();
    const web = await start(user.id, 'WEB', now);
    expect(web.token).toBeNull();
    expect(web.session).toMatchObject({ kind: 'WEB', device: 'Chrome on Android', ip: meta.ip, lastSeenAt: now, expiresAt: later(now, config.maxAgeMs), tokenHash: null });
    const app = await start(user.id, 'APP', now, 'Wallet/2.4 (Linux; Android 15)');
    expect(app.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(app.session).toMatchObject({ kind: 'APP', device: 'Wallet app on Android', expiresAt: later(now, config.appMaxAgeMs) });
    expect(app.session.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await start(user.id, 'APP', now, 'okhttp/4.12')).session.device).toBe('Wallet app');
  });

  it('a cookie opens its own live browser session only', async () => {
    const user = await createTestUser(db);
    const other = await createTestUser(db);
    const now = new Date();
    const { session } = await start(user.id, 'WEB', now);
    const app = await start(user.id, 'APP', now);
    const look = (sessionId: string, userId = user.id, at = now) => webSession(db, { sessionId, userId, now: at, config });

    expect(await look(session.id)).toMatchObject({ id: session.id, user: { id: user.id } });
    expect(await look(session.id, other.id)).toBeNull();
    expect(await look(app.session.id)).toBeNull();
    expect(await look('not-a-uuid')).toBeNull();
    expect(await look(`${session.id}x`)).toBeNull();
    expect(await look(`x${session.id}`)).toBeNull();
    expect(await look(session.id, user.id, later(now, config.idleMs))).toBeNull();
    expect(await look(session.id, user.id, later(now, config.maxAgeMs))).toBeNull();
  });

  it('a bearer token opens its own live app session only', async () => {
    const user = await createTestUser(db);
    const now = new Date();
    const app = await start(user.id, 'APP', now);
    expect(await appSession(db, app.token!, now, config)).toMatchObject({ id: app.session.id, user: { id: user.id } });
    expect(await appSession(db, `${app.token!.slice(0, -1)}${app.token!.endsWith('A') ? 'B' : 'A'}`, now, config)).toBeNull();
    expect(await appSession(db, 'short', now, config)).toBeNull();
    expect(await appSession(db, app.token!, later(now, config.appMaxAgeMs), config)).toBeNull();
  });

  it('activity moves "last active" at most once a minute, and never the absolute end', async () => {
    const user = await createTestUser(db);
    const now = new Date();
    const { session } = await start(user.id, 'WEB', now);
    const seen = async () => (await db.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt;
    await webSession(db, { sessionId: session.id, userId: user.id, now: later(now, 59_000), config });
    expect(await seen()).toEqual(now);
    await webSession(db, { sessionId: session.id, userId: user.id, now: later(now, 60_000), config });
    expect(await seen()).toEqual(later(now, 60_000));
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).expiresAt).toEqual(later(now, config.maxAgeMs));
  });

  it('a dead session is never touched back to life: idle too long, ended, or past its end', async () => {
    const user = await createTestUser(db);
    const now = new Date();
    const look = (sessionId: string, at: Date) => webSession(db, { sessionId, userId: user.id, now: at, config });
    const seen = async (sessionId: string) => (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt;

    const idle = (await start(user.id, 'WEB', now)).session;
    expect(await look(idle.id, later(now, config.idleMs))).toBeNull();
    expect(await seen(idle.id)).toEqual(now);
    // Had that look touched it, this one would find it live again.
    expect(await look(idle.id, later(now, config.idleMs + 1_000))).toBeNull();

    const ended = (await start(user.id, 'WEB', now)).session;
    await endSessions(db, { userId: user.id, only: [ended.id], reason: 'signed_out', actor: `user:${user.id}`, now });
    expect(await look(ended.id, later(now, 120_000))).toBeNull();
    expect(await seen(ended.id)).toEqual(now);

    const app = await start(user.id, 'APP', now);
    expect(await appSession(db, app.token!, later(now, config.appMaxAgeMs), config)).toBeNull();
    expect(await seen(app.session.id)).toEqual(now);

    // A live one comes back with its dates as dates, and its user.
    const fresh = (await start(user.id, 'WEB', now)).session;
    const live = await look(fresh.id, later(now, 1_000));
    expect(live?.lastSeenAt).toEqual(now);
    expect(live?.user).toMatchObject({ id: user.id, mobileNumber: user.mobileNumber, role: 'USER', passwordResetRequired: false });
    expect(live?.user.createdAt).toBeInstanceOf(Date);
  });

  it('ends exactly the sessions asked for, records each the way it ended, and leaves dead ones alone', async () => {
    const user = await createTestUser(db);
    const now = new Date();
    const [a, b, c] = await Promise.all([start(user.id, 'WEB', now), start(user.id, 'WEB', now), start(user.id, 'APP', now)]);
    const expired = await start(user.id, 'WEB', later(now, -config.maxAgeMs - 1000));
    const end = (input: { only?: string[]; except?: string; reason: 'signed_out' | 'signed_out_elsewhere' }) => endSessions(db, { userId: user.id, actor: `user:${user.id}`, meta, now, ...input });

    expect(await end({ only: [a.session.id, 'junk'], reason: 'signed_out' })).toBe(1);
    expect(await end({ only: [c.session.id], reason: 'signed_out' })).toBe(1);
    expect(await end({ except: b.session.id, reason: 'signed_out_elsewhere' })).toBe(0);
    expect((await profileData(db, user.id, now, config)).devices).toEqual([expect.objectContaining({ id: b.session.id })]);
    expect(await end({ reason: 'signed_out_elsewhere' })).toBe(1);
    expect((await db.session.findUniqueOrThrow({ where: { id: expired.session.id } })).endedAt).toBeNull();

    const events = await db.auditEvent.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(events.map((event) => [event.type, event.detail])).toEqual([
      ['auth.signed_out', { sessionId: a.session.id, kind: 'WEB', device: 'Chrome on Android', reason: 'signed_out' }],
      ['api_token.revoked', { sessionId: c.session.id, kind: 'APP', device: 'Wallet app on Android', reason: 'signed_out' }],
      ['session.ended', { sessionId: b.session.id, kind: 'WEB', device: 'Chrome on Android', reason: 'signed_out_elsewhere' }],
    ]);
    expect(await db.session.findUniqueOrThrow({ where: { id: b.session.id } })).toMatchObject({ endReason: 'signed_out_elsewhere', privilegedUntil: null });
  });

  it('lists live sessions on the profile, the most recently active first', async () => {
    const user = await createTestUser(db);
    const now = new Date();
    const old = await start(user.id, 'WEB', later(now, -20 * 60_000));
    const fresh = await start(user.id, 'APP', now);
    await start(user.id, 'WEB', later(now, -config.idleMs - 1000));
    expect((await profileData(db, user.id, now, config)).devices.map((session) => session.id)).toEqual([fresh.session.id, old.session.id]);
  });
});
