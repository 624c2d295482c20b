import { endSessions } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { endpoint, otherMethods } from '../../_lib/endpoint';

/** Signs out: the bearer token (or the web session) in use stops working at once. */
export const DELETE = endpoint({
  auth: true,
  async handle({ caller, meta, now }) {
    await endSessions(db(), { userId: caller.user.id, only: [caller.sessionId], reason: 'signed_out', actor: `user:${caller.user.id}`, meta, now });
    return new Response(null, { status: 204 });
  },
});

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
