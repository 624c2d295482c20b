import { json, problem } from '@/lib/api/problem';
import { createSessionBody } from '@/lib/api/schemas';
import { signInLimits } from '@/lib/auth';
import { issueApiToken } from '@/lib/auth/api-tokens';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { db } from '@/lib/db';
import { env, minutes } from '@/lib/env';
import { endpoint } from '../_lib/endpoint';

/** Mobile number + password → a short-lived bearer token for the app. */
export const POST = endpoint({
  auth: false,
  body: createSessionBody,
  async handle({ body, meta, now }) {
    const result = await signInWithPassword(db(), signInLimits(), body, meta.ip);
    if (!result.ok) {
      return result.code === 'rate_limited' ? problem('rate_limited', { retryAfterSeconds: result.retryAfterSeconds }) : problem('invalid_credentials');
    }
    const ttl = minutes(env().API_TOKEN_TTL_MINUTES);
    const { token } = await issueApiToken(db(), result.user, now, ttl);
    return json({ accessToken: token, tokenType: 'Bearer', expiresIn: ttl / 1000 }, 201);
  },
});
