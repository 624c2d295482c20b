import { revokeApiToken } from '@/lib/auth/api-tokens';
import { db } from '@/lib/db';
import { endpoint } from '../../_lib/endpoint';

/** Signs the app out: the bearer token stops working at once. */
export const DELETE = endpoint({
  auth: true,
  async handle({ caller, now }) {
    if (caller.tokenId) await revokeApiToken(db(), caller.tokenId, now);
    return new Response(null, { status: 204 });
  },
});
