import { describe, expect, it } from 'vitest';
import { isLive, type SessionConfig } from './sessions';

const config: SessionConfig = { maxAgeMs: 12 * 3_600_000, appMaxAgeMs: 3_600_000, idleMs: 30 * 60_000 };
const signedIn = new Date('2026-12-01T06:00:00Z');
const session = (lastSeenAt = signedIn, endedAt: Date | null = null) => ({ endedAt, expiresAt: new Date(signedIn.getTime() + config.maxAgeMs), lastSeenAt });
const at = (ms: number) => new Date(signedIn.getTime() + ms);

describe('isLive', () => {
  it('is live while used within the idle timeout', () => {
    expect(isLive(session(), at(config.idleMs - 1), config)).toBe(true);
  });

  it('ends after the idle timeout without a request', () => {
    expect(isLive(session(), at(config.idleMs), config)).toBe(false);
  });

  it('ends at its absolute end however active it is', () => {
    const busy = session(at(config.maxAgeMs - 1000));
    expect(isLive(busy, at(config.maxAgeMs - 1), config)).toBe(true);
    expect(isLive(busy, at(config.maxAgeMs), config)).toBe(false);
  });

  it('ends at once when ended', () => {
    expect(isLive(session(signedIn, at(1)), at(2), config)).toBe(false);
  });
});
