import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIp, parseTrustedProxies } from './client-ip';

const none = parseTrustedProxies('');
const ourProxy = parseTrustedProxies('10.0.0.0/8, ::1');

describe('clientIp', () => {
  it('with no proxy configured is the TCP peer, whatever X-Forwarded-For says', () => {
    expect(clientIp('198.51.100.4', '203.0.113.7', none)).toBe('198.51.100.4');
    expect(clientIp('::ffff:127.0.0.1', '6.6.6.6, 7.7.7.7', none)).toBe('127.0.0.1');
  });

  it('behind a trusted proxy is the entry that proxy appended, not what the client claimed before it', () => {
    expect(clientIp('10.0.0.2', '6.6.6.6, 203.0.113.7', ourProxy)).toBe('203.0.113.7');
    expect(clientIp('10.0.0.2', ['6.6.6.6', '203.0.113.7, 10.0.0.3'], ourProxy)).toBe('203.0.113.7');
  });

  it('stops at anything that is not an address and keeps the last one it could vouch for', () => {
    expect(clientIp('10.0.0.2', 'evil, 203.0.113.7', ourProxy)).toBe('203.0.113.7');
    expect(clientIp('10.0.0.2', '203.0.113.7, nonsense', ourProxy)).toBe('10.0.0.2');
    expect(clientIp(undefined, '203.0.113.7', ourProxy)).toBe('unknown');
  });

  it('never returns a client-written entry left of an untrusted hop', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 20 })), { maxLength: 6 }), fc.ipV4().filter((address) => !address.startsWith('10.')), (claimed, real) => {
        // The client (real, untrusted) sent `claimed`; our proxy at 10.0.0.2 appended `real`.
        expect(clientIp('10.0.0.2', [...claimed, real].join(', '), ourProxy)).toBe(real);
        expect(clientIp(real, claimed.join(', '), ourProxy)).toBe(real);
      }),
    );
  });

  it('refuses a configuration it cannot read', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8, proxy.internal')).toThrow(/proxy\.internal/);
  });
});
