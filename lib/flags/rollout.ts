import { createHash } from 'node:crypto';

/**
 * Whether an account is inside a percentage rollout. Sticky: the same account gets the
 * same answer at the same percentage on every server, and raising the percentage only
 * adds accounts (an account in at 10 % is in at 20 %). The bucket is a hash of the flag
 * and the account, so two flags at 10 % do not pick the same tenth of the accounts.
 */
export function rolloutBucket(flagKey: string, targetingKey: string): number {
  return createHash('sha256').update(`${flagKey}:${targetingKey}`).digest().readUInt32BE(0) % 100;
}

export function inRollout(flagKey: string, targetingKey: string, percent: number): boolean {
  return rolloutBucket(flagKey, targetingKey) < percent;
}
