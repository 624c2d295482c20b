import type { RateLimiterRes } from 'rate-limiter-flexible';

/**
 * rate-limiter-flexible's consume() rejects with a RateLimiterRes when the limit is
 * reached (and with an Error when the store fails). Told apart by shape: the bundled
 * app may hold a second copy of the class, so `instanceof` cannot be trusted there.
 */
export function isRefusal(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && !(value instanceof Error) && 'msBeforeNext' in value && 'consumedPoints' in value;
}

/** Whole seconds until a refused caller may try again, at least 1: a Retry-After. */
export const retryAfterSeconds = (refusal: RateLimiterRes) => Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
