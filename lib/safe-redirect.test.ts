import { describe, expect, it } from 'vitest';
import { safeCallbackPath, signInPath } from './safe-redirect';

describe('safeCallbackPath', () => {
  it.each([
    ['/profile/email', '/profile/email'],
    ['/verify-email?token=abc#x', '/verify-email?token=abc#x'],
  ])('keeps the same-site path %s', (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/profile',
    '/\\evil.example',
    'javascript:alert(1)',
    'profile',
    '/sign-in?callbackUrl=/profile',
    undefined,
    42,
    `/${'a'.repeat(3000)}`,
  ])('replaces %j with the profile', (value) => {
    expect(safeCallbackPath(value)).toBe('/profile');
  });
});

describe('signInPath', () => {
  it('carries the page to come back to', () => {
    expect(signInPath('/profile/email')).toBe('/sign-in?callbackUrl=%2Fprofile%2Femail');
  });

  it('leaves out the default destination', () => {
    expect(signInPath('/profile')).toBe('/sign-in');
  });
});
