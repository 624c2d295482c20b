import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailServerCheck, isDisposable } from '@/lib/email-change/deliverability';
import { startDnsServer } from '@/scripts/support/dns-server';

// Against a real DNS server the test starts on 127.0.0.1, not a mocked resolver.
describe('is there a mail server?', () => {
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  beforeAll(async () => {
    dns = await startDnsServer({
      'mail.example.np': { mx: [{ exchange: 'mx1.mail.example.np', priority: 10 }] },
      'a-only.example.np': { a: ['203.0.113.25'] },
      'v6-only.example.np': { aaaa: ['2001:db8::25'] },
      'no-mail.example.np': { mx: [{ exchange: '', priority: 0 }] },
      'parked.example.np': {},
      'slow.example.np': { silent: true },
      'broken.example.np': { servfail: true },
    });
  });
  afterAll(() => dns?.stop());

  const unknown: string[] = [];
  const check = () => createMailServerCheck({ servers: [dns.address], timeoutMs: 300, cacheMs: 60_000, onUnknown: (domain) => unknown.push(domain) });

  it('finds MX records, or falls back to A and AAAA as RFC 5321 says', async () => {
    const mailServer = check();
    expect(await mailServer('mail.example.np')).toBe('yes');
    expect(await mailServer('a-only.example.np')).toBe('yes');
    expect(await mailServer('v6-only.example.np')).toBe('yes');
  });

  it('says "none" for a domain that does not exist, has no records, or publishes a null MX', async () => {
    const mailServer = check();
    expect(await mailServer('nowhere.example.np')).toBe('none');
    expect(await mailServer('parked.example.np')).toBe('none');
    expect(await mailServer('no-mail.example.np')).toBe('none');
  });

  it('never blocks on a DNS failure or time-out: "unknown", reported, and asked again next time', async () => {
    const mailServer = check();
    expect(await mailServer('slow.example.np')).toBe('unknown');
    expect(await mailServer('broken.example.np')).toBe('unknown');
    expect(unknown).toEqual(expect.arrayContaining(['slow.example.np', 'broken.example.np']));
    const before = dns.asked.filter((question) => question.startsWith('broken.example.np')).length;
    await mailServer('broken.example.np');
    expect(dns.asked.filter((question) => question.startsWith('broken.example.np')).length).toBeGreaterThan(before);
  });

  it('keeps an answer for a while instead of asking again for every request', async () => {
    const mailServer = check();
    const now = Date.now();
    await mailServer('MAIL.example.np', now);
    const asked = dns.asked.length;
    expect(await mailServer('mail.example.np', now + 30_000)).toBe('yes');
    expect(dns.asked.length).toBe(asked);
    await mailServer('mail.example.np', now + 61_000);
    expect(dns.asked.length).toBeGreaterThan(asked);
  });
});

describe('throwaway addresses', () => {
  it('are known by domain and parent domain, unless configuration allows them', () => {
    expect(isDisposable('mailinator.com')).toBe(true);
    expect(isDisposable('eu.mailinator.com')).toBe(true);
    expect(isDisposable('gmail.com')).toBe(false);
    expect(isDisposable('ntc.net.np')).toBe(false);
    expect(isDisposable('mailinator.com', ['mailinator.com'])).toBe(false);
  });
});
