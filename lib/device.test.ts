import { describe, expect, it } from 'vitest';
import { describeDevice, parseDevice } from './device';

describe('describeDevice', () => {
  it('names common browsers and systems', () => {
    expect(describeDevice('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36')).toBe('Chrome on Android');
    expect(describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox on Windows');
  });

  it('repeats nothing a hostile user agent wrote', () => {
    const hostile = 'Wallet Support Desk (verified change requested by you on call) - no action needed. Questions: https://wallet-help.evil.example';
    expect(describeDevice(hostile)).toBe('Unknown device');
    expect(describeDevice(`WalletSupportDesk/1.0 ${hostile}`)).not.toMatch(/Support|evil/);
    expect(parseDevice('<script>alert(1)</script>/9.9')).toEqual({ browser: null, os: null });
  });

  it('says unknown for nothing at all', () => {
    expect(describeDevice(undefined)).toBe('Unknown device');
    expect(describeDevice('')).toBe('Unknown device');
  });
});
