import { json } from '@/lib/api/problem';
import { reauthResponse } from '@/lib/api/results';
import { reauthOptions } from '@/lib/auth/passkeys';
import { db } from '@/lib/db';
import { passkeyConfig } from '@/lib/email-change/service';
import { endpoint, otherMethods } from '../../_lib/endpoint';

/** A single-use WebAuthn challenge for POST /reauth with method "passkey". */
export const POST = endpoint({
  auth: true,
  async handle({ caller, now }) {
    const result = await reauthOptions(db(), caller.user.id, now, passkeyConfig());
    return result.ok ? json({ options: result.options }) : reauthResponse(result, now);
  },
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
