import fc from 'fast-check';
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
    '/..//evil.example/phish',
    '/.%2e//evil.example',
    '/./\\evil.example',
    '/..\\/evil.example',
    '/\t/evil.example',
    '/\n//evil.example',
  ])('replaces %j with the profile', (value) => {
    expect(safeCallbackPath(value)).toBe('/profile');
  });

  // Pieces of the tricks seen in open-redirect reports: dot segments, both slashes,
  // percent-encodings, tabs and newlines the URL parser drops, Unicode look-alikes.
  const piece = fc.constantFrom(
    '/', '//', '\\', '.', '..', '%2e', '%2E', '%2f', '%2F', '%5c', '%5C', '%09', '%0a', '\t', '\n', '\r', ' ',
    'evil.example', 'evil.example:443', '@', ':', '?', '#', '&', '=', 'http:', 'https:', 'javascript:', 'profile',
    '\u3002', '\uff0e', '\uff0f', '\u2215', '\u00a0', 'ｅｖｉｌ', '%E3%80%82', '%00',
  );
  const candidate = fc.array(piece, { minLength: 1, maxLength: 12 }).map((pieces) => pieces.join(''));

  it('never leads off the site, whatever path tricks are combined', () => {
    fc.assert(
      fc.property(fc.oneof(candidate, candidate.map((tail) => `/${tail}`), fc.string({ maxLength: 40 })), (value) => {
        const path = safeCallbackPath(value);
        expect(path.startsWith('/')).toBe(true);
        expect(path).not.toMatch(/^\/[/\\]/);
        // As a browser resolves a Location header against the page it came from.
        for (const site of ['https://wallet.example.com/sign-in', 'http://localhost:3000/a/b']) {
          expect(new URL(path, site).origin).toBe(new URL(site).origin);
        }
      }),
      { numRuns: 20_000 },
    );
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
