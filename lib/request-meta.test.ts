import { describe, expect, it } from 'vitest';
import { clientIpHeader } from './client-ip';
import { requestMeta } from './request-meta';

describe('requestMeta', () => {
  it('takes the address the server established and ignores X-Forwarded-For', () => {
    const headers = new Headers({ [clientIpHeader]: '203.0.113.7', 'x-forwarded-for': '6.6.6.6', 'user-agent': 'Test/1.0' });
    expect(requestMeta(headers)).toEqual({ ip: '203.0.113.7', userAgent: 'Test/1.0' });
  });

  it('says unknown when the server set nothing usable', () => {
    expect(requestMeta(new Headers({ 'x-forwarded-for': '6.6.6.6' })).ip).toBe('unknown');
    expect(requestMeta(new Headers({ [clientIpHeader]: 'Call +977 1 5555555' })).ip).toBe('unknown');
  });

  it('keeps the user agent short', () => {
    expect(requestMeta(new Headers({ 'user-agent': 'x'.repeat(1000) })).userAgent).toHaveLength(256);
  });
});
