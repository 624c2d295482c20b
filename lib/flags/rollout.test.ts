import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inRollout, rolloutBucket } from './rollout';

const ids = Array.from({ length: 10_000 }, () => randomUUID());

describe('a percentage rollout', () => {
  it('gives an account the same answer every time', () => {
    for (const id of ids.slice(0, 100)) expect(inRollout('email-change', id, 37)).toBe(inRollout('email-change', id, 37));
  });

  it('lets nobody in at 0 % and everybody at 100 %', () => {
    expect(ids.some((id) => inRollout('email-change', id, 0))).toBe(false);
    expect(ids.every((id) => inRollout('email-change', id, 100))).toBe(true);
  });

  it('only adds accounts as the percentage grows', () => {
    for (const id of ids) if (inRollout('email-change', id, 10)) expect(inRollout('email-change', id, 20)).toBe(true);
  });

  it('lets in about the share asked for', () => {
    const share = ids.filter((id) => inRollout('email-change', id, 25)).length / ids.length;
    // 10,000 draws at p = 0.25: 4.3 standard deviations is ±0.019.
    expect(share).toBeGreaterThan(0.231);
    expect(share).toBeLessThan(0.269);
  });

  it('picks a different tenth of the accounts for each flag', () => {
    const first = ids.filter((id) => rolloutBucket('email-change', id) < 10);
    const overlap = first.filter((id) => rolloutBucket('another-flag', id) < 10).length / first.length;
    expect(overlap).toBeLessThan(0.2);
  });
});
