import { describe, expect, it } from 'vitest';
import { translator } from '@/lib/i18n/translator';
import { actorLabel, eventText } from '@/lib/support';

const en = translator('en');
const ne = translator('ne');

describe('support wording', () => {
  it('says how identity was or was not proved, and which address was asked for', () => {
    expect(eventText({ type: 'reauth.failed', method: 'password', address: null }, en)).toBe('Wrong password');
    expect(eventText({ type: 'reauth.failed', method: 'passkey', address: null }, en)).toBe('Biometrics failed');
    expect(eventText({ type: 'reauth.ok', method: 'passkey', address: null }, en)).toBe('Identity confirmed with biometrics');
    expect(eventText({ type: 'email.requested', method: null, address: 'a@example.com' }, en)).toBe('Asked to add or change email: a@example.com');
    expect(eventText({ type: 'reauth.unlocked', method: null, address: null }, en)).toBe('Unlocked by support');
  });

  it('names the actor from the account’s point of view', () => {
    expect(actorLabel('user:u1', 'u1', en)).toBe('Account holder');
    expect(actorLabel('user:u2', 'u1', en)).toBe('Another account');
    expect(actorLabel('staff:s1', 'u1', en)).toBe('Support');
    expect(actorLabel('system', 'u1', en)).toBe('System');
  });

  it('says the same in Nepali for staff who read Nepali', () => {
    expect(eventText({ type: 'reauth.failed', method: 'passkey:NotAllowedError', address: null }, ne)).toBe('बायोमेट्रिक्स असफल');
    expect(eventText({ type: 'reauth.ok', method: 'password', address: null }, ne)).toBe('पहिचान पुष्टि भयो (पासवर्डबाट)');
    expect(eventText({ type: 'email.requested', method: null, address: 'a@example.com' }, ne)).toBe('इमेल थप्न वा बदल्न अनुरोध: a@example.com');
    expect(actorLabel('user:u1', 'u1', ne)).toBe('खाताधनी');
  });
});
