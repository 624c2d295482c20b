import { describe, expect, it } from 'vitest';
import { toPendingChange, type PendingRow } from './request';

const now = new Date('2026-12-04T06:00:00Z');
const row = (outboxStatus: PendingRow['outboxStatus'], lastError: string | null): PendingRow => ({
  requestId: '01a23d8e-bee9-731c-acc8-c82a323d2b39',
  email: 'sita@example.np',
  expiresAt: '2026-12-05T06:00:00Z',
  outboxStatus,
  lastError,
});
const said = (outboxStatus: PendingRow['outboxStatus'], lastError: string | null) => toPendingChange(row(outboxStatus, lastError), now)?.deliveryError;

describe('the pending change as the profile shows it', () => {
  it('repeats the mail server’s words only when they refuse the address: a bounce, or a failure whose last reply was 5xx', () => {
    expect(said('BOUNCED', '550 5.1.1 User unknown')).toBe('550 5.1.1 User unknown');
    expect(said('BOUNCED', null)).toBe('bounced');
    expect(said('FAILED', '550 5.1.1 User unknown')).toBe('550 5.1.1 User unknown');
    // Retries that ran out on a busy server or a dead connection say nothing about the address.
    expect(said('FAILED', '421 4.7.0 Try again later')).toBeNull();
    expect(said('FAILED', 'connect ECONNREFUSED 127.0.0.1:2525')).toBeNull();
    expect(said('FAILED', null)).toBeNull();
    expect(said('PENDING', '451 4.3.0 Temporary failure')).toBeNull();
    expect(said('SENT', null)).toBeNull();
    expect(said(null, null)).toBeNull();
  });

  it('says where the link went, whether it was sent, and whether it has expired', () => {
    expect(toPendingChange(null, now)).toBeNull();
    expect(toPendingChange(row(null, null), now)).toEqual({ requestId: row(null, null).requestId, email: 'sita@example.np', expiresAt: new Date('2026-12-05T06:00:00Z'), expired: false, delivery: 'queued', deliveryError: null });
    expect(toPendingChange(row('SENT', null), new Date('2026-12-05T06:00:00Z'))).toMatchObject({ expired: true, delivery: 'sent' });
    expect(['PENDING', 'SENT', 'FAILED', 'BOUNCED'].map((status) => toPendingChange(row(status as PendingRow['outboxStatus'], null), now)?.delivery)).toEqual(['queued', 'sent', 'failed', 'bounced']);
  });
});
