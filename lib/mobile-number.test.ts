import { describe, expect, it } from 'vitest';
import { formatMobileNumber, normalizeMobileNumber } from './mobile-number';

describe('normalizeMobileNumber', () => {
  it.each([
    ['9800000001', '9800000001'],
    ['980-0000001', '9800000001'],
    ['+977 980 000 0001', '9800000001'],
    ['00977-9800000001', '9800000001'],
    ['9779800000001', '9800000001'],
    [' 9612345678 ', '9612345678'],
  ])('reads %j as %s', (typed, stored) => {
    expect(normalizeMobileNumber(typed)).toBe(stored);
  });

  it.each(['', '12345', '980000000', '98000000012', '9500000000', '+1 980 000 0001', '98000000ab', '9800000001;--'])(
    'refuses %j',
    (typed) => {
      expect(normalizeMobileNumber(typed)).toBeNull();
    },
  );
});

describe('formatMobileNumber', () => {
  it('shows the country code and groups the digits', () => {
    expect(formatMobileNumber('9800000002')).toBe('+977 980-0000002');
  });
});
