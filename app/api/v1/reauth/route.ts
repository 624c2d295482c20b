import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { reauthResponse } from '@/lib/api/results';
import { reauthBody } from '@/lib/api/schemas';
import { reauthWithPasskey } from '@/lib/auth/passkeys';
import { reauthWithPassword } from '@/lib/auth/reauth';
import { db } from '@/lib/db';
import { passkeyConfig, reauthConfig } from '@/lib/email-change/service';
import { endpoint, otherMethods } from '../_lib/endpoint';

/** Proves presence before an e-mail change: the password, or a passkey assertion. */
export const POST = endpoint({
  auth: true,
  body: reauthBody,
  async handle({ caller, body, meta, now }) {
    const who = { userId: caller.user.id, sessionId: caller.sessionId, meta, now };
    const result =
      body.method === 'password'
        ? await reauthWithPassword(db(), { ...who, password: body.password, config: reauthConfig() })
        : await reauthWithPasskey(db(), { ...who, response: body.response as unknown as AuthenticationResponseJSON, config: passkeyConfig() });
    return reauthResponse(result, now);
  },
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
