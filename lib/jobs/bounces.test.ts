import { describe, expect, it } from 'vitest';
import { isPermanent, parseDeliveryStatus } from './bounces';
import { outboxIdFromMessageId, outboxIdFromReturnPath, returnPath } from './return-path';

const id = '01a23d8e-bee9-731c-acc8-c82a323d2b39';

// A delivery-status part as Postfix writes it (RFC 3464), one recipient failed for good, one delayed.
const report = [
  'Reporting-MTA: dns; mx1.example.np',
  'X-Postfix-Queue-ID: 4Q9Zx2',
  'Arrival-Date: Thu,  3 Dec 2026 10:05:00 +0545',
  '',
  'Final-Recipient: rfc822; nobody@example.np',
  'Original-Recipient: rfc822;nobody@example.np',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mail.example.np',
  'Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.np>: Recipient address',
  '    rejected: User unknown in local recipient table',
  '',
  'Final-Recipient: rfc822; slow@example.np',
  'Action: delayed',
  'Status: 4.4.1',
  '',
].join('\r\n');

describe('bounce reports', () => {
  it('reads each recipient of a delivery-status report, folded lines unfolded', () => {
    expect(parseDeliveryStatus(report)).toEqual([
      { recipient: 'nobody@example.np', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 <nobody@example.np>: Recipient address rejected: User unknown in local recipient table' },
      { recipient: 'slow@example.np', action: 'delayed', status: '4.4.1', diagnostic: null },
    ]);
    expect(parseDeliveryStatus(report).map(isPermanent)).toEqual([true, false]);
  });

  it('reads reports as other servers write them: bare LF, no space after the type, spaces before a colon, missing fields', () => {
    const terse = ['Reporting-MTA: dns;mx.example', '', 'Final-Recipient: RFC822;a@example.np', 'Action : Failed', 'Status: 5.7.1', 'Diagnostic-Code: SMTP;554 5.7.1 Rejected', '', 'Action: failed', 'Status: 5.0.0', ''].join('\n');
    expect(parseDeliveryStatus(terse)).toEqual([
      { recipient: 'a@example.np', action: 'failed', status: '5.7.1', diagnostic: '554 5.7.1 Rejected' },
      { recipient: null, action: 'failed', status: '5.0.0', diagnostic: null },
    ]);
    // A line that is not a field, or whose name is empty, is no field at all.
    expect(parseDeliveryStatus('Actions\r\nStatus: 5.1.1\r\n: Action: failed')).toEqual([]);
  });

  it('counts only a failure with a 5.x.x status as permanent', () => {
    const block = (action: string, status: string) => ({ recipient: null, action, status, diagnostic: null });
    expect([block('failed', '5.1.1'), block('failed', '4.4.7'), block('delayed', '5.1.1'), block('delivered', '2.0.0')].map(isPermanent)).toEqual([true, false, false, false]);
  });

  it('finds the message a return path or a Message-ID names, and nothing in anything else', () => {
    expect(outboxIdFromReturnPath(returnPath(id, 'bounces.wallet.example'))).toBe(id);
    expect(outboxIdFromReturnPath(`BOUNCE+${id.toUpperCase()}@x.example`)).toBe(id);
    expect(outboxIdFromReturnPath(`bounce+${id}x@x.example`)).toBeNull();
    expect(outboxIdFromReturnPath('postmaster@x.example')).toBeNull();
    expect(outboxIdFromMessageId(`<${id}@wallet-email>`)).toBe(id);
    expect(outboxIdFromMessageId(`${id}@wallet-email`)).toBe(id);
    expect(outboxIdFromMessageId(`<${id}@elsewhere>`)).toBeNull();
  });
});
