import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './outbox';

describe('retryDelayMs', () => {
  it('doubles per attempt within ±25 % jitter', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(2000);
    expect(retryDelayMs(3, () => 0.5)).toBe(8000);
    expect(retryDelayMs(3, () => 0)).toBe(6000);
    expect(retryDelayMs(3, () => 1)).toBe(10000);
  });

  it('never waits more than ten minutes (plus jitter)', () => {
    expect(retryDelayMs(30, () => 0.5)).toBe(600_000);
  });
});
