import { describe, expect, it } from 'vitest';
import { requestMeta } from './request-meta';

const headers = (forwardedFor?: string) =>
  new Headers({ ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }), 'user-agent': 'Test/1.0' });

describe('requestMeta', () => {
  it('takes the entry our one proxy appended, not what the client claimed', () => {
    expect(requestMeta(headers('6.6.6.6, 203.0.113.7'), 1).ip).toBe('203.0.113.7');
  });

  it('counts further hops from the right', () => {
    expect(requestMeta(headers('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2).ip).toBe('203.0.113.7');
  });

  it('falls back to the leftmost entry when there are fewer entries than hops', () => {
    expect(requestMeta(headers('203.0.113.7'), 3).ip).toBe('203.0.113.7');
  });

  it('says unknown without the header and keeps the user agent', () => {
    expect(requestMeta(headers(), 1)).toEqual({ ip: 'unknown', userAgent: 'Test/1.0' });
  });
});
