import { describe, expect, it } from 'vitest';
import { actorLabel, eventText } from '@/lib/support';

describe('support wording', () => {
  it('says how identity was or was not proved, and which address was asked for', () => {
    expect(eventText({ type: 'reauth.failed', method: 'password', address: null })).toBe('Wrong password');
    expect(eventText({ type: 'reauth.failed', method: 'passkey', address: null })).toBe('Biometrics failed');
    expect(eventText({ type: 'reauth.ok', method: 'passkey', address: null })).toBe('Identity confirmed with biometrics');
    expect(eventText({ type: 'email.requested', method: null, address: 'a@example.com' })).toBe('Asked to add or change email: a@example.com');
    expect(eventText({ type: 'reauth.unlocked', method: null, address: null })).toBe('Unlocked by support');
  });

  it('names the actor from the account’s point of view', () => {
    expect(actorLabel('user:u1', 'u1')).toBe('Account holder');
    expect(actorLabel('user:u2', 'u1')).toBe('Another account');
    expect(actorLabel('staff:s1', 'u1')).toBe('Support');
    expect(actorLabel('system', 'u1')).toBe('System');
  });
});
