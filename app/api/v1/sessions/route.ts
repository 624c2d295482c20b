import { json, problem } from '@/lib/api/problem';
import { createSessionBody } from '@/lib/api/schemas';
import { signInLimits } from '@/lib/auth';
import { sessionConfig } from '@/lib/auth/config';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { db } from '@/lib/db';
import { endpoint, otherMethods } from '../_lib/endpoint';

/** Mobile number + password → a short-lived bearer token for the app (a session of its own). */
export const POST = endpoint({
  auth: false,
  body: createSessionBody,
  async handle({ body, meta, now }) {
    const config = sessionConfig();
    const result = await signInWithPassword(db(), signInLimits(), body, { kind: 'APP', meta, now, config });
    if (!result.ok) return result.code === 'rate_limited' ? problem('rate_limited', { retryAfterSeconds: result.retryAfterSeconds }) : problem(result.code);
    return json({ accessToken: result.token, tokenType: 'Bearer', expiresIn: config.appMaxAgeMs / 1000 }, 201);
  },
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
