import { json } from '@/lib/api/problem';
import { db } from '@/lib/db';
import { pendingChange } from '@/lib/email-change/request';
import { endpoint, otherMethods } from '../_lib/endpoint';

export const GET = endpoint({
  auth: true,
  async handle({ caller: { user }, now }) {
    const pending = await pendingChange(db(), user.id, now);
    return json({
      id: user.id,
      displayName: user.displayName,
      mobileNumber: user.mobileNumber,
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
      pendingEmail: pending && {
        email: pending.email,
        expiresAt: pending.expiresAt.toISOString(),
        expired: pending.expired,
        delivery: pending.delivery,
        deliveryError: pending.deliveryError,
      },
      hasPasskey: (await db().passkey.count({ where: { userId: user.id } })) > 0,
      emailChangesOnHold: user.emailHoldAt !== null,
    });
  },
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
