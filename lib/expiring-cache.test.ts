import { describe, expect, it } from 'vitest';
import { ExpiringCache } from './expiring-cache';

describe('an expiring cache', () => {
  it('forgets the least recently used beyond its limit, and whatever expired', () => {
    const cache = new ExpiringCache<{ userId: string; sessionId: string }>(2);
    const claims = (n: number) => ({ userId: `user ${n}`, sessionId: `session ${n}` });
    cache.set('a', claims(1), 1_000);
    cache.set('b', claims(2), 1_000);
    expect(cache.get('a', 0)).toEqual(claims(1));
    cache.set('c', claims(3), 1_000);
    expect(cache.get('b', 0)).toBeNull();
    expect(cache.get('a', 0)).toEqual(claims(1));
    expect(cache.get('c', 999)).toEqual(claims(3));
    expect(cache.get('c', 1_000)).toBeNull();
  });
});
