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
