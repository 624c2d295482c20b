import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { json, problem } from '@/lib/api/problem';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { bounceEvent, handleBounceEvent } from '@/lib/jobs/bounces';
import { log } from '@/lib/log';

/**
 * A mail provider reports a bounce (README, "Bounces"). Signed with Standard Webhooks
 * and BOUNCE_WEBHOOK_SECRET; off (404) without the secret. Idempotent: a report that
 * arrives twice (providers retry) records the bounce once.
 */
export async function POST(request: Request) {
  const secret = env().BOUNCE_WEBHOOK_SECRET;
  if (!secret) return problem('not_found');
  const body = await request.text();
  if (Buffer.byteLength(body) > 64 * 1024) return problem('payload_too_large');
  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(body, Object.fromEntries(request.headers));
  } catch (error) {
    if (error instanceof WebhookVerificationError) return problem('unauthorized', { detail: 'Bad or missing webhook signature' });
    throw error;
  }
  const event = bounceEvent.safeParse(payload);
  if (!event.success) return problem('invalid_request');
  const result = await handleBounceEvent(db(), event.data, new Date());
  log().info({ result, webhookId: request.headers.get('webhook-id') }, 'bounce webhook');
  return json({ result });
}
