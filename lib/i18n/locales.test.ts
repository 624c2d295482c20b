import { describe, expect, it } from 'vitest';
import { negotiateLocale, requestLocale } from './locales';

describe('which language a request gets', () => {
  it('follows Accept-Language by its weights, region or not, and falls back to English', () => {
    expect(negotiateLocale('ne-NP,ne;q=0.9,en;q=0.8')).toBe('ne');
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLocale('hi-IN, ne;q=0.7, en;q=0.5')).toBe('ne');
    expect(negotiateLocale('en;q=0.4, ne;q=0.8')).toBe('ne');
    expect(negotiateLocale('ne;q=0, en')).toBe('en');
    expect(negotiateLocale('fr, de')).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
    expect(negotiateLocale(';;;, q=, ne;q=abc')).toBe('en');
  });

  it('lets the cookie’s choice win over the header, but only a language we have', () => {
    expect(requestLocale('ne', 'en-US')).toBe('ne');
    expect(requestLocale('en', 'ne')).toBe('en');
    expect(requestLocale('fr', 'ne')).toBe('ne');
    expect(requestLocale(undefined, null)).toBe('en');
  });
});
