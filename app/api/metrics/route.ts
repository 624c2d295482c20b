/**
 * Prometheus metrics for a scraper holding METRICS_TOKEN (Authorization: Bearer …).
 * Without the setting the endpoint does not exist (404); a wrong token is 401. The
 * outbox gauges are read from the database at each scrape (two indexed queries).
 */
import { timingSafeEqual } from 'node:crypto';
import { problem } from '@/lib/api/problem';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { metrics } from '@/lib/metrics';

export const dynamic = 'force-dynamic';

function authorized(header: string | null, token: string) {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return problem('not_found');
  if (!authorized(request.headers.get('authorization'), token)) return problem('unauthorized');
  const { registry, outboxDepth, outboxAge } = metrics();
  const [depth, oldest] = await Promise.all([
    db().outboxMessage.count({ where: { status: 'PENDING' } }),
    db().outboxMessage.findFirst({ where: { status: 'PENDING' }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ]);
  outboxDepth.set(depth);
  outboxAge.set(oldest ? Math.max(0, (Date.now() - oldest.createdAt.getTime()) / 1000) : 0);
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}
