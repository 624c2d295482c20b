import { describe, expect, it } from 'vitest';
import { translator, type MessageKey } from '@/lib/i18n/translator';
import { emailChangeSchema, reauthPasswordSchema } from './schema';

const key = '3b241101-e2bb-4255-8caf-4136c566a962';
// The schemas carry message keys; this is what an English reader is shown.
const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) => translator('en')(result.error?.issues[0]?.message as MessageKey);

describe('the e-mail form', () => {
  it('says what is wrong with an address, in words a user understands', () => {
    expect(firstMessage(emailChangeSchema.safeParse({ email: '  ', idempotencyKey: key }))).toBe('Enter your email address');
    expect(firstMessage(emailChangeSchema.safeParse({ email: 'sita@', idempotencyKey: key }))).toBe('Enter an email address like name@example.com');
    expect(firstMessage(emailChangeSchema.safeParse({ email: `${'a'.repeat(250)}@example.com`, idempotencyKey: key }))).toBe('Email addresses are at most 254 characters');
    expect(firstMessage(emailChangeSchema.safeParse({ email: 'x'.repeat(1001), idempotencyKey: key }))).toBe('Email addresses are at most 254 characters');
    expect(emailChangeSchema.safeParse({ email: 'sita@example.com', idempotencyKey: key }).success).toBe(true);
  });

  it('says it in Nepali to a Nepali reader', () => {
    const key = emailChangeSchema.safeParse({ email: 'sita@', idempotencyKey: '3b241101-e2bb-4255-8caf-4136c566a962' }).error?.issues[0]?.message as MessageKey;
    expect(translator('ne')(key)).toBe('name@example.com जस्तो इमेल ठेगाना लेख्नुहोस्');
  });

  it('needs the submission key that makes a retry safe', () => {
    expect(firstMessage(emailChangeSchema.safeParse({ email: 'sita@example.com', idempotencyKey: 'nope' }))).toBe('Missing submission key');
  });

  it('asks for the password, and refuses one too long to hash', () => {
    expect(firstMessage(reauthPasswordSchema.safeParse({ password: '' }))).toBe('Enter your password');
    expect(firstMessage(reauthPasswordSchema.safeParse({ password: 'x'.repeat(257) }))).toBe('Passwords are at most 256 characters');
    expect(reauthPasswordSchema.safeParse({ password: 'x'.repeat(256) }).success).toBe(true);
  });
});
