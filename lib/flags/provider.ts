/**
 * An OpenFeature provider backed by our own feature_flags table: the flag's state lives
 * beside the data it guards (no second service to run or to fail), and staff change it
 * from the support console. Read at most once per `ttlMs` per process; a change made in
 * this process is seen at once, one made by another instance within `ttlMs`.
 */
import { ErrorCode, StandardResolutionReasons, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import type { Db } from '@/lib/db';
import { inRollout } from './rollout';

export interface FlagState {
  enabled: boolean;
  rolloutPercent: number;
}

export class DatabaseFlagProvider implements Provider {
  readonly metadata = { name: 'wallet-database' } as const;
  readonly runsOn = 'server';
  private readonly cache = new Map<string, { state: FlagState | null; until: number }>();

  constructor(
    private readonly db: () => Db,
    private readonly ttlMs = 5_000,
    private readonly clock = () => Date.now(),
  ) {}

  /** Forget what was read, so the next evaluation reads the table (after a change here). */
  forget(flagKey?: string) {
    if (flagKey) this.cache.delete(flagKey);
    else this.cache.clear();
  }

  async state(flagKey: string): Promise<FlagState | null> {
    const cached = this.cache.get(flagKey);
    if (cached && cached.until > this.clock()) return cached.state;
    const state = await this.db().featureFlag.findUnique({ where: { key: flagKey }, select: { enabled: true, rolloutPercent: true } });
    this.cache.set(flagKey, { state, until: this.clock() + this.ttlMs });
    return state;
  }

  async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    const state = await this.state(flagKey);
    if (!state) return { value: defaultValue, reason: StandardResolutionReasons.DEFAULT };
    if (!state.enabled) return { value: false, reason: StandardResolutionReasons.DISABLED };
    if (state.rolloutPercent >= 100) return { value: true, reason: StandardResolutionReasons.STATIC };
    if (!context.targetingKey) return { value: false, reason: StandardResolutionReasons.ERROR, errorCode: ErrorCode.TARGETING_KEY_MISSING };
    return { value: inRollout(flagKey, context.targetingKey, state.rolloutPercent), reason: StandardResolutionReasons.SPLIT };
  }

  private unsupported<T>(defaultValue: T): Promise<ResolutionDetails<T>> {
    return Promise.resolve({ value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode: ErrorCode.TYPE_MISMATCH });
  }
  resolveStringEvaluation(_: string, defaultValue: string) {
    return this.unsupported(defaultValue);
  }
  resolveNumberEvaluation(_: string, defaultValue: number) {
    return this.unsupported(defaultValue);
  }
  resolveObjectEvaluation<T extends JsonValue>(_: string, defaultValue: T) {
    return this.unsupported(defaultValue);
  }
}
