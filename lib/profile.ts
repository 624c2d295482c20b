/**
 * Everything the profile page shows besides the account itself (which came with the
 * session), in one round trip: the unconfirmed address and its e-mail, the resend
 * countdown, the passkeys and the signed-in devices.
 */
import type { SessionConfig } from '@/lib/auth/sessions';
import { sqlRows, type Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { cooldownLeftSql } from '@/lib/email-change/limits';
import { pendingSql, toPendingChange, type PendingRow } from '@/lib/email-change/request';
import type { SessionKind } from '@/lib/generated/prisma/enums';

export type ProfilePasskey = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };
/** A live session ("Signed-in devices"), the most recently active first. */
export type ProfileDevice = { id: string; kind: SessionKind; device: string; createdAt: Date; lastSeenAt: Date };

// JSON from the database: its dates are strings.
type PasskeyRow = Omit<ProfilePasskey, 'createdAt' | 'lastUsedAt'> & { createdAt: string; lastUsedAt: string | null };
type DeviceRow = Omit<ProfileDevice, 'createdAt' | 'lastSeenAt'> & { createdAt: string; lastSeenAt: string };

export async function profileData(db: Db, userId: string, now: Date, config: SessionConfig) {
  const [row] = await sqlRows<{ pending: PendingRow | null; wait: number; passkeys: PasskeyRow[]; devices: DeviceRow[] }>(db, 'profile_data', Prisma.sql`
    SELECT
      ${pendingSql(userId)} AS pending,
      ${cooldownLeftSql(userId)} AS wait,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'createdAt', created_at, 'lastUsedAt', last_used_at) ORDER BY created_at), '[]')
       FROM passkeys WHERE user_id = ${userId}::uuid) AS passkeys,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'kind', kind, 'device', device, 'createdAt', created_at, 'lastSeenAt', last_seen_at) ORDER BY last_seen_at DESC), '[]')
       FROM sessions
       WHERE user_id = ${userId}::uuid AND ended_at IS NULL AND expires_at > ${now}::timestamptz
         AND last_seen_at > ${new Date(now.getTime() - config.idleMs)}::timestamptz) AS devices`);
  const { pending, wait, passkeys, devices } = row!;
  return {
    pending: toPendingChange(pending, now),
    /** Seconds until a new link may be sent (0 when it may). */
    wait,
    passkeys: passkeys.map((key): ProfilePasskey => ({ ...key, createdAt: new Date(key.createdAt), lastUsedAt: key.lastUsedAt === null ? null : new Date(key.lastUsedAt) })),
    devices: devices.map((device): ProfileDevice => ({ ...device, createdAt: new Date(device.createdAt), lastSeenAt: new Date(device.lastSeenAt) })),
  };
}
