/**
 * Feature flags through OpenFeature's server SDK (a maintained, vendor-neutral API: the
 * provider below can be swapped for a flag service without touching the callers).
 * One flag today, `email-change`: the entry on the profile, the e-mail page and the
 * API's new requests. Links and codes already sent are never behind it, so turning it
 * off strands no one (DESIGN §7).
 */
import { OpenFeature } from '@openfeature/server-sdk';
import { audit } from '@/lib/audit';
import { db, type Db } from '@/lib/db';
import type { RequestMeta } from '@/lib/request-meta';
import { DatabaseFlagProvider, type FlagState } from './provider';

export const emailChangeFlag = 'email-change';

const global = globalThis as unknown as { walletFlags?: DatabaseFlagProvider };

function provider() {
  if (!global.walletFlags) {
    global.walletFlags = new DatabaseFlagProvider(db);
    OpenFeature.setProvider(global.walletFlags);
  }
  return global.walletFlags;
}

/** Whether this account gets the e-mail change (on, and inside the rollout). */
export async function emailChangeOpen(userId: string): Promise<boolean> {
  provider();
  return OpenFeature.getClient().getBooleanValue(emailChangeFlag, true, { targetingKey: userId });
}

/** The flag as staff see it; a missing row is "on for everyone". */
export async function emailChangeRollout(): Promise<FlagState> {
  return (await provider().state(emailChangeFlag)) ?? { enabled: true, rolloutPercent: 100 };
}

/** Staff turn the feature on or off or change its percentage: recorded with who, why and what it was. */
export async function setRollout(database: Db, input: { flagKey: string; enabled: boolean; rolloutPercent: number; staffId: string; reason: string; meta: RequestMeta; now: Date }) {
  const percent = Math.max(0, Math.min(100, Math.round(input.rolloutPercent)));
  await database.$transaction(async (tx) => {
    const before = await tx.featureFlag.findUnique({ where: { key: input.flagKey } });
    await tx.featureFlag.upsert({
      where: { key: input.flagKey },
      create: { key: input.flagKey, enabled: input.enabled, rolloutPercent: percent, updatedAt: input.now, updatedBy: `staff:${input.staffId}` },
      update: { enabled: input.enabled, rolloutPercent: percent, updatedAt: input.now, updatedBy: `staff:${input.staffId}` },
    });
    await audit(tx, {
      type: 'flag.changed',
      userId: null,
      actor: `staff:${input.staffId}`,
      meta: input.meta,
      detail: { flag: input.flagKey, enabled: input.enabled, rolloutPercent: percent, before: before ? { enabled: before.enabled, rolloutPercent: before.rolloutPercent } : null, reason: input.reason },
      at: input.now,
    });
  });
  global.walletFlags?.forget(input.flagKey);
}
